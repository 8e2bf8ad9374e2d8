package id.nu.oauth.examples.readme;

import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The README's and the JDBC store README's snippets, compiled as they are shown. */
final class StorageSnippets {

    private StorageSnippets() {
    }

    static JdbcStorage readme(DataSource hikariPool) {
        JdbcStorage storage = JdbcStorage.postgres(hikariPool).createSchema();   // or apply the Flyway-named migrations
        return storage;
    }

    static AuthorizationServer postgres(Client client) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:postgresql://db.example.or.id/portal");
        pool.setUsername("portal");
        pool.setPassword(System.getenv("DB_PASSWORD"));

        JdbcStorage storage = JdbcStorage.postgres(pool).createSchema();   // or apply the migrations yourself
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(storage)
                .client(client)
                .build();
        return server;
    }

    static Storage h2() {
        JdbcDataSource h2 = new JdbcDataSource();          // org.h2.jdbcx
        h2.setURL("jdbc:h2:file:./data/oauth");
        Storage storage = JdbcStorage.h2(h2).createSchema();
        return storage;
    }

    static void purge(ScheduledExecutorService scheduler, Storage storage) {
        scheduler.scheduleWithFixedDelay(() -> {
            while (storage.purgeExpired(Instant.now(), 1000) == 1000) { }
        }, 1, 1, TimeUnit.MINUTES);
    }
}
