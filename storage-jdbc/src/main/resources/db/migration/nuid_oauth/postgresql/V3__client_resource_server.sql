-- nuid-oauth schema, version 3: whether a client is a resource server, which may introspect access
-- tokens issued to other clients (RFC 7662 §4). Existing clients are not: they introspect their own tokens.
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS resource_server BOOLEAN DEFAULT FALSE NOT NULL;
