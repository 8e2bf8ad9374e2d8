-- nuid-oauth schema, version 11: dynamic client registration (RFC 7591) and its management protocol
-- (RFC 7592). One row per client that registered itself: the SHA-256 (base64url) of its registration
-- access token, never the token; when it was registered; and the descriptive metadata the engine does
-- not act on (contacts one per line). Updating a registration is a compare-and-set on
-- access_token_hash, so of concurrent updates with the same token exactly one rotates it. Deleting the
-- client deletes its row in the same transaction.
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
CREATE TABLE IF NOT EXISTS nuid_oauth_registration (
    client_id          VARCHAR(255)  NOT NULL,
    access_token_hash  VARCHAR(128)  NOT NULL,
    issued_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    client_uri         VARCHAR(2048),
    logo_uri           VARCHAR(2048),
    policy_uri         VARCHAR(2048),
    tos_uri            VARCHAR(2048),
    contacts           VARCHAR(4096),
    CONSTRAINT nuid_oauth_registration_pk PRIMARY KEY (client_id)
);
