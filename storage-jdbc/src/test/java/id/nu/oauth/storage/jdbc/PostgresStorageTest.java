package id.nu.oauth.storage.jdbc;

import javax.sql.DataSource;

/** The JDBC store's own tests on a real PostgreSQL (embedded binaries, one server for the test run). */
class PostgresStorageTest extends JdbcStorageTests {

    @Override
    DataSource newDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    JdbcStorage storageOn(DataSource dataSource) {
        return JdbcStorage.postgres(dataSource);
    }
}
