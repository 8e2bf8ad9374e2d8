-- nuid-oauth schema, version 7: a user's grants listed by subject with their last use; client
-- management (a deleted client stays as a row marked deleted, without secrets, until purgeExpired()
-- has removed its grants and tokens); the refresh grace window of a client (seconds and reuses, 0 = off)
-- and, on each rotated refresh token, when it was rotated and how many grace reuses it has had.
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS refresh_grace_seconds INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS refresh_grace_reuses INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS deleted BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE nuid_oauth_grant ADD COLUMN IF NOT EXISTS last_used_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE nuid_oauth_token ADD COLUMN IF NOT EXISTS rotated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE nuid_oauth_token ADD COLUMN IF NOT EXISTS grace_reuses INTEGER DEFAULT 0 NOT NULL;
-- a user's grants ("connected apps"), revoking all of them; a client's grants and tokens (delete, purge)
CREATE INDEX IF NOT EXISTS nuid_oauth_grant_subject ON nuid_oauth_grant (subject, grant_id);
CREATE INDEX IF NOT EXISTS nuid_oauth_grant_client_id ON nuid_oauth_grant (client_id);
CREATE INDEX IF NOT EXISTS nuid_oauth_token_client_id ON nuid_oauth_token (client_id);
