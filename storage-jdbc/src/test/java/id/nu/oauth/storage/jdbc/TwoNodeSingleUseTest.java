package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.storage.PushedRequest;
import id.nu.oauth.storage.SingleUseKind;
import id.nu.oauth.storage.Storage;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL, each a {@link JdbcStorage} with its own HikariCP pool: a DPoP proof
 * {@code jti}, a client assertion {@code jti} and a {@code request_uri} presented at both nodes by
 * many threads at once are each accepted exactly once (issue 11: "a replayed DPoP proof, a replayed
 * client assertion and a reused request_uri each succeed exactly once across two nodes").
 */
class TwoNodeSingleUseTest {

    private static final int THREADS = 50;
    private static final int ROUNDS = 5;
    private static final Instant KEEP_UNTIL = Instant.parse("2040-01-01T00:05:00Z");

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private Storage nodeA;
    private Storage nodeB;

    @BeforeEach
    void startNodes() {
        DataSource database = TestDatabases.postgres();
        poolA = pool(database, "node-a");
        poolB = pool(database, "node-b");
        nodeA = JdbcStorage.postgres(poolA).createSchema();
        nodeB = JdbcStorage.postgres(poolB).createSchema();
    }

    @AfterEach
    void stopNodes() {
        poolA.close();
        poolB.close();
    }

    private static HikariDataSource pool(DataSource database, String name) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMaximumPoolSize(10);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    private Storage node(int i) {
        return i % 2 == 0 ? nodeA : nodeB;
    }

    @Test
    void aReplayedDpopProofIsAcceptedOnceAcrossBothNodes_rfc9449_11_1() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String jti = "dpop-jti-hash-" + round;
            List<Boolean> accepted = JdbcStorageTests.concurrently(THREADS,
                    i -> node(i).singleUse().markUsed(SingleUseKind.DPOP_PROOF, jti, KEEP_UNTIL));
            assertThat(accepted).as("round %d", round).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(nodeA.singleUse().markUsed(SingleUseKind.DPOP_PROOF, jti, KEEP_UNTIL)).isFalse();
            assertThat(nodeB.singleUse().markUsed(SingleUseKind.DPOP_PROOF, jti, KEEP_UNTIL)).isFalse();
        }
    }

    @Test
    void aReplayedClientAssertionIsAcceptedOnceAcrossBothNodes_rfc7523_3() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String jti = "assertion-jti-hash-" + round;
            List<Boolean> accepted = JdbcStorageTests.concurrently(THREADS,
                    i -> node(i).singleUse().markUsed(SingleUseKind.CLIENT_ASSERTION, jti, KEEP_UNTIL));
            assertThat(accepted).as("round %d", round).filteredOn(Boolean::booleanValue).hasSize(1);
        }
    }

    @Test
    void aReusedRequestUriIsConsumedOnceAcrossBothNodes_rfc9126_4() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String hash = "request-uri-hash-" + round;
            nodeA.pushedRequests().save(new PushedRequest(hash, "app", "response_type=code&client_id=app", KEEP_UNTIL));
            assertThat(nodeB.pushedRequests().find(hash)).as("seen at the other node at once").isPresent();

            List<Boolean> consumed = JdbcStorageTests.concurrently(THREADS,
                    i -> node(i).pushedRequests().consume(hash));

            assertThat(consumed).as("round %d", round).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(nodeA.pushedRequests().find(hash)).isEmpty();
            assertThat(nodeB.pushedRequests().find(hash)).isEmpty();
        }
    }
}
