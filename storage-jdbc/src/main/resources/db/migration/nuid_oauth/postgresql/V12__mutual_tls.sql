-- nuid-oauth schema, version 12: mutual TLS (RFC 8705). A client registered for tls_client_auth keeps
-- the certificate field it is matched by (tls_subject_field: SUBJECT_DN, SAN_DNS, SAN_URI, SAN_IP or
-- SAN_EMAIL; tls_subject_value: its expected value, §2.1.2) and whether its access tokens are bound to
-- its certificate (tls_client_certificate_bound_access_tokens, §3.4). A token bound to a certificate
-- keeps the certificate's SHA-256 thumbprint (x5t#S256, §3.1, base64url, 43 characters). NULL / FALSE:
-- none of these, as existing rows were.
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS require_certificate_bound_tokens BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS tls_subject_field VARCHAR(16);
ALTER TABLE nuid_oauth_client ADD COLUMN IF NOT EXISTS tls_subject_value TEXT;
ALTER TABLE nuid_oauth_token ADD COLUMN IF NOT EXISTS x5t VARCHAR(128);
