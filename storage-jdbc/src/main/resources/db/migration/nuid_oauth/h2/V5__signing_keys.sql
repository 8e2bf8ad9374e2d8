-- nuid-oauth schema, version 5: the JWS signing keys every node shares (StoredSigningKeys).
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
--
-- encrypted_key is the private JWK encrypted with AES-256-GCM under a key the host supplies (a JWE
-- compact serialization, alg "dir", enc "A256GCM"): a row is never readable without that key.
-- Rotation is a compare-and-set: the UNIQUE (algorithm, generation) constraint lets exactly one of the
-- nodes that rotate at once insert the next generation. Rows live until expires_at (no token the key
-- signed is valid after it), then purgeExpired().
CREATE TABLE IF NOT EXISTS nuid_oauth_signing_key (
    key_id         VARCHAR(255) NOT NULL,
    algorithm      VARCHAR(16)  NOT NULL,
    generation     BIGINT       NOT NULL,
    activates_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    encrypted_key  VARCHAR      NOT NULL,
    CONSTRAINT nuid_oauth_signing_key_pk PRIMARY KEY (key_id),
    CONSTRAINT nuid_oauth_signing_key_generation UNIQUE (algorithm, generation)
);

CREATE INDEX IF NOT EXISTS nuid_oauth_signing_key_expires_at ON nuid_oauth_signing_key (expires_at);
