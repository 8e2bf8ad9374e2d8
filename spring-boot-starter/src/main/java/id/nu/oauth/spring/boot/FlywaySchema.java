package id.nu.oauth.spring.boot;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The JDBC store's migrations through Flyway, with a history table of their own
 * ({@value #HISTORY_TABLE}) so that they never mix with the application's. Loaded only when
 * Flyway is on the classpath.
 */
final class FlywaySchema {

    static final String HISTORY_TABLE = "nuid_oauth_schema_history";

    private FlywaySchema() {
    }

    static void migrate(DataSource dataSource, String location, ClassLoader loader) {
        Flyway.configure(loader).dataSource(dataSource)
                .locations(location)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true).baselineVersion("0") // a schema with the application's tables: still apply V1
                .load().migrate();
    }
}
