package id.nu.oauth.jpms.it;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.micrometer.OAuthMetrics;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/**
 * How a host module wires the engine: JDBC storage on an in-memory H2 database, Micrometer meters
 * as an event listener. Compiled against the exported packages only.
 */
public final class ModularPortal {

    private ModularPortal() {
    }

    /** A fresh JDBC store on its own in-memory H2 database (the schema migrations run on first use). */
    public static Storage h2Storage() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:jpms-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return JdbcStorage.h2(dataSource).createSchema();
    }

    /** Adds the JDBC store and the meters to an engine the test kit is building. */
    public static void wire(AuthorizationServer.Builder engine, Storage storage, MeterRegistry registry) {
        engine.storage(storage).eventListener(OAuthMetrics.create(registry));
    }
}
