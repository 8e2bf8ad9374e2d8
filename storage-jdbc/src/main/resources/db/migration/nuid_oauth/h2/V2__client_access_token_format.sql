-- nuid-oauth schema, version 2: a client's access-token format (opaque, or a JWT per RFC 9068).
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS access_token_format VARCHAR(16) DEFAULT 'OPAQUE' NOT NULL;
