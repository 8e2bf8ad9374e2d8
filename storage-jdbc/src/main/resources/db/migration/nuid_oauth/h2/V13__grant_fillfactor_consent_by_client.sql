-- nuid-oauth schema, version 13: scale (issue 14). Deleting a client deletes its consents by
-- client_id; the primary key (subject, client_id) cannot find them, so without this index that
-- statement reads every consent of every user. (On PostgreSQL this version also leaves room on the
-- grant table's pages for in-place updates; H2 has no such setting.)
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
CREATE INDEX IF NOT EXISTS nuid_oauth_consent_client_id ON nuid_oauth_consent (client_id);
