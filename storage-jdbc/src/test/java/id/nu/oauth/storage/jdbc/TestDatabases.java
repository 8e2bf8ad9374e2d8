package id.nu.oauth.storage.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Fresh, empty databases for tests: H2 in memory, and PostgreSQL on one real server (zonky's embedded
 * PostgreSQL binaries) that the whole test JVM shares and that stops when the JVM ends. Every call
 * makes a new database, so tests never see each other's rows.
 */
final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** A new in-memory H2 database, kept until the JVM ends. */
    static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:nuid" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    /** A new database on the shared PostgreSQL server; unpooled (one connection per call). */
    static PGSimpleDataSource postgres() {
        String name = "nuid" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {server().getPort()});
        ds.setDatabaseName(name);
        ds.setUser("postgres");
        return ds;
    }

    /** The JDBC URL of a data source made by {@link #postgres()}. */
    static String url(PGSimpleDataSource ds) {
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + ds.getDatabaseName() + "?user=postgres";
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                // zonky stops the server and deletes its directory in its own shutdown hook
                postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return postgres;
    }
}
