package id.nu.oauth.spring.boot;

import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import id.nu.oauth.storage.memory.InMemoryStorage;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the store from {@code nuid.oauth.storage.*} and makes the JDBC store's tables. */
final class StorageFactory {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFactory.class);

    static final String FLYWAY_CLASS = "org.flywaydb.core.Flyway";
    static final String LIQUIBASE_CLASS = "liquibase.integration.spring.SpringLiquibase";

    private StorageFactory() {
    }

    static Storage create(NuidOAuthProperties.Storage properties, DataSource dataSource, ClassLoader loader) {
        NuidOAuthProperties.StorageType type = properties.getType();
        if (type == NuidOAuthProperties.StorageType.MEMORY
                || type == NuidOAuthProperties.StorageType.AUTO && dataSource == null) {
            LOG.info("nuid-oauth: storage in memory (lost at restart; one node only)");
            return InMemoryStorage.create();
        }
        if (dataSource == null) {
            throw new IllegalStateException(NuidOAuthProperties.PREFIX + ".storage.type=jdbc needs one DataSource bean "
                    + "(spring.datasource.url, for instance)");
        }
        JdbcStorage storage = JdbcStorage.detect(dataSource);
        if (properties.getClientCacheTtl() != null) {
            storage = storage.withClientCacheTtl(properties.getClientCacheTtl());
        }
        NuidOAuthProperties.SchemaMode mode = schemaMode(properties.getSchema(), loader);
        switch (mode) {
            case FLYWAY -> {
                requireClass(FLYWAY_CLASS, loader, "flyway", "org.flywaydb:flyway-core");
                FlywaySchema.migrate(dataSource, storage.migrationsLocation(), loader);
            }
            case LIQUIBASE -> {
                requireClass(LIQUIBASE_CLASS, loader, "liquibase", "org.liquibase:liquibase-core");
                LiquibaseSchema.update(dataSource, loader);
            }
            case CREATE -> storage.createSchema();
            case NONE -> { }
            default -> throw new IllegalStateException("unknown schema mode " + mode);
        }
        LOG.info("nuid-oauth: storage {} on the application's DataSource, schema: {}", storage, mode);
        return storage;
    }

    static NuidOAuthProperties.SchemaMode schemaMode(NuidOAuthProperties.SchemaMode asked, ClassLoader loader) {
        if (asked != NuidOAuthProperties.SchemaMode.AUTO) {
            return asked;
        }
        if (present(FLYWAY_CLASS, loader)) {
            return NuidOAuthProperties.SchemaMode.FLYWAY;
        }
        if (present(LIQUIBASE_CLASS, loader)) {
            return NuidOAuthProperties.SchemaMode.LIQUIBASE;
        }
        return NuidOAuthProperties.SchemaMode.CREATE;
    }

    private static void requireClass(String name, ClassLoader loader, String mode, String artifact) {
        if (!present(name, loader)) {
            throw new IllegalStateException(NuidOAuthProperties.PREFIX + ".storage.schema=" + mode + " needs "
                    + artifact + " on the classpath");
        }
    }

    static boolean present(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
