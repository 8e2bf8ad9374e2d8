package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.EndpointResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Kills a JVM running the engine on PostgreSQL in the middle of a load ({@code kill -9}), starts a
 * fresh engine on the same database and checks it against what the clients had been told, as their
 * fsynced journal records it (see {@link CrashWorker}):
 * <ul>
 * <li>every token a client received, and did not revoke, still validates;
 * <li>every refresh token a client holds still refreshes (unless it was refreshing at the crash and
 *     never saw the answer);
 * <li>no revoked token comes back;
 * <li>no redeemed code can be redeemed again, and no other code issued before the crash more than once.
 * </ul>
 * Operations in flight at the crash (a line "about to" without its answer) are in doubt: either
 * outcome is allowed, but only one.
 */
class CrashTest {

    private static final int WORKER_THREADS = 2;
    private static final int JOURNAL_LINES_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void aKilledNodeLosesNothingItAnsweredAndBringsNothingBack() throws Exception {
        PGSimpleDataSource database = TestDatabases.postgres();
        Path journal = dir.resolve("journal.txt");
        Path output = dir.resolve("worker-output.txt");
        Files.createFile(journal);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process worker = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWorker.class.getName(), TestDatabases.url(database), journal.toString(),
                String.valueOf(WORKER_THREADS))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (lines(journal) < JOURNAL_LINES_BEFORE_KILL && worker.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(worker.isAlive()).as("the worker was running when killed; its output:\n%s", read(output))
                    .isTrue();
            assertThat(lines(journal)).as("journal lines before the kill").isGreaterThanOrEqualTo(JOURNAL_LINES_BEFORE_KILL);
        } finally {
            worker.destroyForcibly(); // SIGKILL: no shutdown hook, no pool close, transactions cut mid-flight
            worker.waitFor(30, TimeUnit.SECONDS);
        }

        Journal known = Journal.read(journal);
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            AuthorizationServer restarted = AuthorizationServer.builder()
                    .issuer(URI.create("https://portal.example.or.id/api"))
                    .storage(JdbcStorage.postgres(pool).createSchema())
                    .client(Flows.mobileApp())
                    .build();
            check(restarted, known);
        }
    }

    private static void check(AuthorizationServer server, Journal known) throws Exception {
        int validated = 0;
        int refreshed = 0;
        int revokedChecked = 0;
        for (Chain chain : known.chains.values()) {
            if (chain.revocation == State.DONE) {
                for (String access : chain.accessTokens) {
                    assertThat(server.validateAccessToken(access)).as("access token of a revoked grant")
                            .isInstanceOf(AccessTokenValidation.Inactive.class);
                    revokedChecked++;
                }
                assertThat(Flows.error(Flows.refresh(server, chain.refresh))).as("refresh token of a revoked grant")
                        .isEqualTo("invalid_grant");
                continue;
            }
            if (chain.revocation == State.IN_FLIGHT) {
                continue; // in doubt
            }
            for (String access : chain.accessTokens) {
                if (known.revokedAccess.contains(access)) {
                    assertThat(server.validateAccessToken(access)).as("revoked access token")
                            .isInstanceOf(AccessTokenValidation.Inactive.class);
                    revokedChecked++;
                } else if (!known.revokingAccess.contains(access)) {
                    assertThat(server.validateAccessToken(access)).as("access token a client holds")
                            .isInstanceOf(AccessTokenValidation.Active.class);
                    validated++;
                }
            }
            if (!chain.refreshInFlight) {
                EndpointResponse response = Flows.refresh(server, chain.refresh);
                assertThat(response.status()).as("refresh token a client holds: %s", response.body()).isEqualTo(200);
                refreshed++;
            }
        }
        // codes last: a replayed code revokes its grant (RFC 6749 §4.1.2)
        int replayed = 0;
        for (Map.Entry<String, String> code : known.codes.entrySet()) {
            Flows.IssuedCode issued = new Flows.IssuedCode(code.getKey(), new CodeVerifier(code.getValue()));
            if (known.redeemed.contains(code.getKey())) {
                assertThat(Flows.error(Flows.exchange(server, issued))).as("a redeemed code, again")
                        .isEqualTo("invalid_grant");
                replayed++;
            } else {
                int successes = 0;
                for (int attempt = 0; attempt < 2; attempt++) {
                    if (Flows.exchange(server, issued).status() == 200) {
                        successes++;
                    }
                }
                assertThat(successes).as("redemptions of a code never (or not surely) redeemed").isLessThanOrEqualTo(1);
            }
        }
        System.out.printf("crash test: %d codes (%d redeemed), %d grants; after the restart %d access tokens "
                + "validated, %d refreshed, %d revoked ones refused, %d codes replayed%n", known.codes.size(),
                known.redeemed.size(), known.chains.size(), validated, refreshed, revokedChecked, replayed);
        assertThat(validated).as("access tokens checked").isPositive();
        assertThat(refreshed).as("refresh tokens checked").isPositive();
        assertThat(revokedChecked).as("revoked tokens checked").isPositive();
        assertThat(replayed).as("redeemed codes replayed").isPositive();
    }

    private static int lines(Path journal) throws Exception {
        byte[] bytes = Files.readAllBytes(journal);
        int n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    private enum State { NONE, IN_FLIGHT, DONE }

    /** One grant as its client knows it: every access token received, the latest refresh token. */
    private static final class Chain {
        final List<String> accessTokens = new ArrayList<>();
        String refresh;
        boolean refreshInFlight;
        State revocation = State.NONE;
    }

    /** What the clients knew when the worker died. */
    private static final class Journal {
        final Map<String, String> codes = new LinkedHashMap<>();
        final Set<String> redeemed = new HashSet<>();
        final Map<String, Chain> chains = new LinkedHashMap<>();
        final Set<String> revokingAccess = new HashSet<>();
        final Set<String> revokedAccess = new HashSet<>();

        static Journal read(Path file) throws Exception {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            if (!text.endsWith("\n")) {
                text = text.substring(0, text.lastIndexOf('\n') + 1); // a line cut by the kill
            }
            Journal journal = new Journal();
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    journal.apply(line.split(" "));
                }
            }
            return journal;
        }

        private void apply(String[] f) {
            switch (f[0]) {
                case "CODE" -> codes.put(f[1], f[2]);
                case "EXCHANGING" -> {
                    // in doubt until TOKENS
                }
                case "TOKENS" -> {
                    redeemed.add(f[1]);
                    Chain chain = new Chain();
                    chain.accessTokens.add(f[2]);
                    chain.refresh = f[3];
                    chains.put(f[1], chain);
                }
                case "REFRESHING" -> chains.get(f[1]).refreshInFlight = true;
                case "REFRESHED" -> {
                    Chain chain = chains.get(f[1]);
                    chain.refreshInFlight = false;
                    chain.accessTokens.add(f[2]);
                    chain.refresh = f[3];
                }
                case "REVOKING" -> chains.get(f[1]).revocation = State.IN_FLIGHT;
                case "REVOKED" -> chains.get(f[1]).revocation = State.DONE;
                case "REVOKING_AT" -> revokingAccess.add(f[1]);
                case "REVOKED_AT" -> {
                    revokingAccess.remove(f[1]);
                    revokedAccess.add(f[1]);
                }
                default -> throw new IllegalStateException("unexpected journal line " + String.join(" ", f));
            }
        }
    }
}
