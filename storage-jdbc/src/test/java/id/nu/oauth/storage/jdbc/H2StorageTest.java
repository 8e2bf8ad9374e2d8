package id.nu.oauth.storage.jdbc;

import javax.sql.DataSource;

/** The JDBC store's own tests on H2 in memory. */
class H2StorageTest extends JdbcStorageTests {

    @Override
    DataSource newDatabase() {
        return TestDatabases.h2();
    }

    @Override
    JdbcStorage storageOn(DataSource dataSource) {
        return JdbcStorage.h2(dataSource);
    }
}
