-- nuid-oauth schema, version 13: scale (issue 14).
-- Grants are updated in place (last_used_at on every refresh, revoked_at on revocation), and neither
-- column is indexed: with free room on each page PostgreSQL makes those HOT updates (the new row
-- version on the same page, no entry in any of the grant's five indexes). At 10 million grants a
-- non-HOT update writes a random leaf page of each index. Applies to pages written from now on.
-- Deleting a client deletes its consents by client_id; the primary key (subject, client_id) cannot
-- find them, so without this index that statement reads every consent of every user.
-- Idempotent, like every nuid-oauth migration, so JdbcStorage.createSchema() can run them all on start-up.
ALTER TABLE nuid_oauth_grant SET (fillfactor = 90);
CREATE INDEX IF NOT EXISTS nuid_oauth_consent_client_id ON nuid_oauth_consent (client_id);
