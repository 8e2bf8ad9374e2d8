-- nuid-oauth schema, version 6: how a client authenticates (its methods, its public keys inline or by
-- URL), what the engine demands of its requests (PAR, signed request objects, DPoP, FAPI 2.0), the
-- resource indicators it may ask for (RFC 8707), its logout registration, the secret before its last
-- rotation while it still works, and whether it is disabled. Existing clients keep their behaviour:
-- an empty auth_methods means the default (secret methods, or none for public clients).
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS auth_methods VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS jwks TEXT;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS jwks_uri TEXT;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS require_pushed_requests BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS require_signed_requests BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS require_dpop BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS fapi2 BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS resources TEXT DEFAULT '' NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS post_logout_redirect_uris TEXT DEFAULT '' NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS backchannel_logout_uri TEXT;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS previous_secret_hash VARCHAR(255);
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS previous_secret_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS disabled BOOLEAN DEFAULT FALSE NOT NULL;
