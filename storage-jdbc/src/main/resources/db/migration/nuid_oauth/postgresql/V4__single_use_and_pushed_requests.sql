-- nuid-oauth schema, version 4: values that may be used once (the jti of DPoP proofs, RFC 9449 §11.1,
-- and of client assertions, RFC 7523 §3) and pushed authorization requests (RFC 9126).
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
-- Both hold hashes only: the engine hashes a jti with its key or client, and a request_uri, before storing it.

-- SingleUseStore.markUsed is one INSERT: the primary key lets exactly one of any number of concurrent
-- inserts of a kind and hash succeed, on whichever node. Rows live until expires_at, then purgeExpired().
CREATE TABLE IF NOT EXISTS nuid_oauth_single_use (
    kind        VARCHAR(32)  NOT NULL,
    value_hash  VARCHAR(128) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT nuid_oauth_single_use_pk PRIMARY KEY (kind, value_hash)
);

CREATE INDEX IF NOT EXISTS nuid_oauth_single_use_expires_at ON nuid_oauth_single_use (expires_at);

-- PushedRequestStore: consume() is one DELETE; the one statement that deletes the row is the one that
-- used the request_uri. Unconsumed rows live until expires_at, then purgeExpired().
CREATE TABLE IF NOT EXISTS nuid_oauth_pushed_request (
    request_uri_hash  VARCHAR(128) NOT NULL,
    client_id         VARCHAR(255) NOT NULL,
    parameters        TEXT         NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT nuid_oauth_pushed_request_pk PRIMARY KEY (request_uri_hash)
);

CREATE INDEX IF NOT EXISTS nuid_oauth_pushed_request_expires_at ON nuid_oauth_pushed_request (expires_at);
