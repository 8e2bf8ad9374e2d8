package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.EndpointResponse;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node (re)starting beside a node under load, on one PostgreSQL: its {@code createSchema()} on a
 * current schema must take no table lock, or the serving node's requests wait behind it and those
 * that write two tables deadlock with it (found by the failover run's kill -9 and restart of one node:
 * five refreshes at the other node answered 500 {@code server_error}).
 */
class TwoNodeRestartTest {

    private DataSource database;
    private HikariDataSource poolB;
    private AuthorizationServer nodeB;

    @BeforeEach
    void startNodeB() {
        database = TestDatabases.postgres();
        poolB = pool("node-b");
        nodeB = node(poolB);
    }

    @AfterEach
    void stop() {
        poolB.close();
    }

    private HikariDataSource pool(String name) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMaximumPoolSize(6);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    private static AuthorizationServer node(DataSource pool) {
        return AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(JdbcStorage.postgres(pool).createSchema())
                .client(Flows.mobileApp())
                .build();
    }

    @Test
    void aNodeStartingOnACurrentSchemaDoesNotWaitForTheOtherNodesOpenTransactions() throws Exception {
        try (Connection busy = database.getConnection(); Statement st = busy.createStatement()) {
            // node B in the middle of a rotation: its transaction holds the lock every INSERT and UPDATE takes
            busy.setAutoCommit(false);
            st.execute("LOCK TABLE nuid_oauth_token, nuid_oauth_grant, nuid_oauth_code, nuid_oauth_client "
                    + "IN ROW EXCLUSIVE MODE");
            Future<JdbcStorage> start = CompletableFuture.supplyAsync(() -> JdbcStorage.postgres(database).createSchema());
            try {
                // ALTER TABLE ... ADD COLUMN IF NOT EXISTS waits for an ACCESS EXCLUSIVE lock even when
                // the column exists; the start-up must not issue it for a column that is there
                assertThat(start.get(20, TimeUnit.SECONDS)).isNotNull();
            } finally {
                busy.rollback();
            }
        }
    }

    @Test
    void refreshesAtOneNodeNeverFailWhileTheOtherRestartsAgainAndAgain_rfc6749_6() throws Exception {
        int clients = 4;
        List<String> refresh = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            refresh.add(Flows.tokens(Flows.exchange(nodeB, Flows.authorize(nodeB, "user-" + i)))
                    .getTokens().getRefreshToken().getValue());
        }
        AtomicBoolean restarting = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String first = refresh.get(i);
                results.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    String current = first;
                    while (restarting.get() || statuses.size() < 5) {
                        EndpointResponse r = Flows.refresh(nodeB, current);
                        statuses.add(r.status());
                        if (r.status() != 200) {
                            break;
                        }
                        AccessTokenResponse tokens = Flows.tokens(r);
                        current = tokens.getTokens().getRefreshToken().getValue();
                    }
                    return statuses;
                }));
            }
            for (int restart = 0; restart < 6; restart++) {
                try (HikariDataSource poolA = pool("node-a-" + restart)) {
                    AuthorizationServer nodeA = node(poolA); // a restarted node: schema, then clients saved
                    assertThat(nodeA).isNotNull();
                }
            }
            restarting.set(false);
            for (Future<List<Integer>> result : results) {
                // every refresh at the serving node is answered with tokens (RFC 6749 §6), none with a 500
                assertThat(result.get(60, TimeUnit.SECONDS)).isNotEmpty().containsOnly(200);
            }
        } finally {
            restarting.set(false);
            pool.shutdownNow();
        }
    }
}
