-- nuid-oauth schema, version 10: DPoP (RFC 9449). A token bound to a DPoP key keeps the key's JWK
-- SHA-256 thumbprint (RFC 9449 §6.1, base64url, 43 characters); a code keeps the dpop_jkt of its
-- authorize request (§10). NULL: bound to no key. Existing rows are unbound, as they were.
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_token ADD COLUMN IF NOT EXISTS jkt VARCHAR(128);
ALTER TABLE nuid_oauth_code ADD COLUMN IF NOT EXISTS dpop_jkt VARCHAR(128);
