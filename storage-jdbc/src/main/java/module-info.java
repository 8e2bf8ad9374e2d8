/**
 * The SQL store of nuid-oauth ({@code JdbcStorage}, H2 and PostgreSQL) and its migration scripts.
 * {@code JdbcStorage} takes a {@code javax.sql.DataSource}, so reading this module reads
 * {@code java.sql} too. The migration folders are open so that a host's Flyway or Liquibase, which
 * find scripts through a class loader, can read them on the module path.
 *
 * <pre>{@code
 * module org.example.portal {
 *     requires id.nu.oauth.core;
 *     requires id.nu.oauth.storage.jdbc;
 * }
 * }</pre>
 */
module id.nu.oauth.storage.jdbc {
    requires transitive id.nu.oauth.storage;
    requires transitive java.sql;

    exports id.nu.oauth.storage.jdbc;

    // resources only (db/migration/nuid_oauth/{h2,postgresql}/V*.sql): for a host's migration tool
    opens db.migration.nuid_oauth.h2;
    opens db.migration.nuid_oauth.postgresql;
}
