-- The portal's own schema, migrated by the application's Flyway beside the store's.
CREATE TABLE IF NOT EXISTS portal_member (id VARCHAR(64) PRIMARY KEY, display_name VARCHAR(200));
