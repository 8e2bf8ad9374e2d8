package id.nu.oauth.storage.jdbc;

import javax.sql.DataSource;

/** The core engine on PostgreSQL. */
class PostgresEngineTest extends EngineOnJdbcTests {

    @Override
    DataSource newDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    JdbcStorage storageOn(DataSource dataSource) {
        return JdbcStorage.postgres(dataSource);
    }
}
