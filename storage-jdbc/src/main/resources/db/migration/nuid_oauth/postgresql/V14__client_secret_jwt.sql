-- nuid-oauth schema, version 14: client_secret_jwt (RFC 7523 section 2.2). A client registered for it
-- keeps, besides its secret's hash, the secret sealed under the host's client secret encryption key
-- (sealed_secret: a JWE, AES-256-GCM, bound to the client_id; never the secret in clear), and the
-- previous secret's sealed form for the same grace period as previous_secret_hash. NULL: none, as
-- every existing row (no client used client_secret_jwt before).
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS sealed_secret TEXT;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS previous_sealed_secret TEXT;
