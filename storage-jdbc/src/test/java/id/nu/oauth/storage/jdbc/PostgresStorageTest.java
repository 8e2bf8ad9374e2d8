package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

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

    @Test
    void nodesStartingTogetherCreateTheSchemaOnce() throws Exception {
        DataSource empty = TestDatabases.postgres();
        // without the advisory lock, concurrent CREATE TABLE IF NOT EXISTS can fail on pg_type
        List<JdbcStorage> started = concurrently(8, i -> JdbcStorage.postgres(empty).createSchema());
        assertThat(started).hasSize(8);
        started.get(0).grants().create(grant("g1"), List.of(access("a1", "g1")));
        assertThat(started.get(7).tokens().find("a1")).isPresent();
    }
}
