package id.nu.oauth.storage.jdbc;

import javax.sql.DataSource;

/** The core engine on H2. */
class H2EngineTest extends EngineOnJdbcTests {

    @Override
    DataSource newDatabase() {
        return TestDatabases.h2();
    }

    @Override
    JdbcStorage storageOn(DataSource dataSource) {
        return JdbcStorage.h2(dataSource);
    }
}
