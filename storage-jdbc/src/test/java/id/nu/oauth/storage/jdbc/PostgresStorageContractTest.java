package id.nu.oauth.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.contract.StorageContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole storage contract on a real PostgreSQL, through a HikariCP pool as a host would run it
 * (the 50-thread races share 20 connections). One database for the class, emptied before each test.
 */
class PostgresStorageContractTest extends StorageContract {

    private static HikariDataSource pool;

    private static synchronized HikariDataSource pool() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setDataSource(TestDatabases.postgres());
            config.setMaximumPoolSize(20);
            config.setPoolName("contract");
            pool = new HikariDataSource(config);
            JdbcStorage.postgres(pool).createSchema();
        }
        return pool;
    }

    @AfterAll
    static synchronized void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    protected Storage newStorage() {
        try (Connection c = pool().getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE nuid_oauth_client, nuid_oauth_code, nuid_oauth_grant, nuid_oauth_token, "
                    + "nuid_oauth_consent, nuid_oauth_single_use, nuid_oauth_pushed_request, nuid_oauth_signing_key, "
                    + "nuid_oauth_registration");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return JdbcStorage.postgres(pool());
    }
}
