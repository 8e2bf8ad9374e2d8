-- nuid-oauth schema, version 9: resource indicators (RFC 8707) kept with the code, the grant and each
-- token (an access token's audience, a refresh token's resources), and the OpenID Connect login's acr
-- and claims request (OpenID Connect Core 1.0 §5.5) kept with the code and the grant, so id_tokens and
-- userinfo answers made later honour them. Existing rows keep their behaviour: '' means no resources.
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_code ADD COLUMN IF NOT EXISTS resources TEXT DEFAULT '' NOT NULL;
ALTER TABLE nuid_oauth_code ADD COLUMN IF NOT EXISTS acr TEXT;
ALTER TABLE nuid_oauth_code ADD COLUMN IF NOT EXISTS claims TEXT;
ALTER TABLE nuid_oauth_grant ADD COLUMN IF NOT EXISTS resources TEXT DEFAULT '' NOT NULL;
ALTER TABLE nuid_oauth_grant ADD COLUMN IF NOT EXISTS acr TEXT;
ALTER TABLE nuid_oauth_grant ADD COLUMN IF NOT EXISTS claims TEXT;
ALTER TABLE nuid_oauth_token ADD COLUMN IF NOT EXISTS resources TEXT DEFAULT '' NOT NULL;
