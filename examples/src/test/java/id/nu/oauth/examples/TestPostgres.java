package id.nu.oauth.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL server for the whole test JVM (zonky's embedded binaries, started on first
 * use; zonky stops it and deletes its directory in its own shutdown hook). Each caller gets a new,
 * empty database on it, named by the caller.
 */
final class TestPostgres {

    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** Creates database {@code name} and returns its JDBC URL (user postgres, no password: trust auth). */
    static String newDatabase(String name) {
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return urlWithoutUser(name) + "?user=postgres";
    }

    /** The database's URL without credentials, for the NUID_DB_USER path. */
    static String urlWithoutUser(String name) {
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + name;
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "100").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }
}
