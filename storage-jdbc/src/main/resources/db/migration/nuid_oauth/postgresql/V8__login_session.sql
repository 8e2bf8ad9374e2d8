-- nuid-oauth schema, version 8: the user's login session (the OpenID Connect sid of Back-Channel
-- Logout 1.0 §2.1) that a code was issued in and its grant was made in, so that a logout revokes the
-- session's grants and tells their clients. NULL for client credentials and rows made before.
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_code ADD COLUMN IF NOT EXISTS session_id VARCHAR(255);
ALTER TABLE nuid_oauth_grant ADD COLUMN IF NOT EXISTS session_id VARCHAR(255);
CREATE INDEX IF NOT EXISTS nuid_oauth_grant_session_id ON nuid_oauth_grant (session_id);
