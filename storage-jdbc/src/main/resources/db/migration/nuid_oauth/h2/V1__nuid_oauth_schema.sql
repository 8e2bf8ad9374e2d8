-- nuid-oauth storage, schema version 1, H2 (2.x).
--
-- Apply with your own migration tool (Flyway: locations=classpath:db/migration/nuid_oauth/h2,
-- preferably with its own history table, e.g. table=nuid_oauth_schema_history), or call
-- JdbcStorage.createSchema(). Every statement is idempotent (IF NOT EXISTS), so running the file again
-- changes nothing; later versions will keep to that rule.
--
-- No token, code or secret is stored in clear: codes and tokens are SHA-256 hashes (base64url), client
-- secrets are SecretHash.encoded() (salted SHA-256). Word lists (scopes, redirect URIs, grant types) are
-- one column, words separated by single spaces: none of them can contain a space.
-- Times are TIMESTAMP WITH TIME ZONE (microseconds, as on PostgreSQL).

CREATE TABLE IF NOT EXISTS nuid_oauth_client (
    client_id         VARCHAR(255) NOT NULL,
    client_type       VARCHAR(16)  NOT NULL CHECK (client_type IN ('CONFIDENTIAL', 'PUBLIC', 'LEGACY_PUBLIC')),
    secret_hash       VARCHAR(255),
    name              VARCHAR      NOT NULL,
    redirect_uris     VARCHAR      NOT NULL,
    allowed_scopes    VARCHAR      NOT NULL,
    default_scopes    VARCHAR      NOT NULL,
    grant_types       VARCHAR(255) NOT NULL,
    refresh_policy    VARCHAR(16)  NOT NULL CHECK (refresh_policy IN ('ROTATE', 'KEEP')),
    require_pkce      BOOLEAN      NOT NULL,
    allow_plain_pkce  BOOLEAN      NOT NULL,
    first_party       BOOLEAN      NOT NULL,
    CONSTRAINT nuid_oauth_client_pk PRIMARY KEY (client_id)
);

-- Authorization codes. consume() flips consumed once; rows live until expires_at, then purgeExpired().
CREATE TABLE IF NOT EXISTS nuid_oauth_code (
    code_hash                VARCHAR(128) NOT NULL,
    grant_id                 VARCHAR(255) NOT NULL,
    client_id                VARCHAR(255) NOT NULL,
    subject                  VARCHAR      NOT NULL,
    redirect_uri             VARCHAR      NOT NULL,
    redirect_uri_in_request  BOOLEAN      NOT NULL,
    scopes                   VARCHAR      NOT NULL,
    code_challenge           VARCHAR(255),
    code_challenge_method    VARCHAR(16),
    nonce                    VARCHAR,
    auth_time                TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    consumed                 BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT nuid_oauth_code_pk PRIMARY KEY (code_hash)
);

CREATE INDEX IF NOT EXISTS nuid_oauth_code_expires_at ON nuid_oauth_code (expires_at);

-- Grants. Revoking a grant sets revoked_at: one statement, seen by every token of the grant at once.
CREATE TABLE IF NOT EXISTS nuid_oauth_grant (
    grant_id    VARCHAR(255) NOT NULL,
    client_id   VARCHAR(255) NOT NULL,
    subject     VARCHAR,
    scopes      VARCHAR      NOT NULL,
    auth_time   TIMESTAMP WITH TIME ZONE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT nuid_oauth_grant_pk PRIMARY KEY (grant_id)
);

CREATE INDEX IF NOT EXISTS nuid_oauth_grant_expires_at ON nuid_oauth_grant (expires_at);

-- Access and refresh tokens, looked up by hash (the primary key). No foreign key to the grant: a
-- token's lookup joins its grant, and a token whose grant is gone reads as revoked.
CREATE TABLE IF NOT EXISTS nuid_oauth_token (
    token_hash           VARCHAR(128) NOT NULL,
    kind                 VARCHAR(8)   NOT NULL CHECK (kind IN ('ACCESS', 'REFRESH')),
    grant_id             VARCHAR(255) NOT NULL,
    client_id            VARCHAR(255) NOT NULL,
    subject              VARCHAR,
    scopes               VARCHAR      NOT NULL,
    issued_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    absolute_expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    status               VARCHAR(8)   NOT NULL CHECK (status IN ('ACTIVE', 'ROTATED', 'REVOKED')),
    CONSTRAINT nuid_oauth_token_pk PRIMARY KEY (token_hash)
);

CREATE INDEX IF NOT EXISTS nuid_oauth_token_expires_at ON nuid_oauth_token (expires_at);

-- Consents, one per user and client.
CREATE TABLE IF NOT EXISTS nuid_oauth_consent (
    subject     VARCHAR      NOT NULL,
    client_id   VARCHAR(255) NOT NULL,
    scopes      VARCHAR      NOT NULL,
    granted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT nuid_oauth_consent_pk PRIMARY KEY (subject, client_id)
);
