package id.nu.oauth.bench.failover;

import com.nimbusds.jose.jwk.JWKSet;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Failover: kill -9 of one node under load (issue 12 item 7). Starts an embedded PostgreSQL (its own
 * process), two {@link FailoverNode} JVMs on it (A and B) and, in this JVM, the {@link ClientDriver}'s
 * clients; then kills node A with SIGKILL {@code --kills} times at random moments (every other kill
 * aimed at the moment a signing-key rotation falls due, so that some land mid-rotation) and starts it
 * again each time. Afterwards it checks the database and the tokens, prints what happened to every
 * operation that was in flight at a kill, and exits 1 if an invariant broke:
 * <ul>
 * <li>no code redeemed twice; no token a client received missing from the store; no token without
 *     its grant; no live grant without a token (half-written); no live grant with more unrotated refresh
 *     tokens than one plus its grace reuses;</li>
 * <li>no 5xx; no ERROR line in the nodes' logs;</li>
 * <li>every JWT access token was signed with a key the signing node's JWK set published, and every one
 *     still verifies (Nimbus) against both nodes' JWK sets at the end; one signing key per generation.</li>
 * </ul>
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.failover.FailoverRun
 * [--kills 20] [--users 8] [--routing a-first|round-robin] [--refreshes 4] [--gap-min-ms 1500]
 * [--gap-max-ms 4000] [--seed 20261205] [--rotation-seconds 15] [--cache-ttl-seconds 3]
 * [--node-jvm '-Xms64m -Xmx256m -XX:+UseSerialGC'] [--log-dir benchmarks/target/failover]}
 */
public final class FailoverRun {

    private FailoverRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = flags(args);
        int kills = Integer.parseInt(flags.getOrDefault("kills", "20"));
        int users = Integer.parseInt(flags.getOrDefault("users", "8"));
        String routing = flags.getOrDefault("routing", "a-first");
        int refreshes = Integer.parseInt(flags.getOrDefault("refreshes", "4"));
        long gapMin = Long.parseLong(flags.getOrDefault("gap-min-ms", "1500"));
        long gapMax = Long.parseLong(flags.getOrDefault("gap-max-ms", "4000"));
        long seed = Long.parseLong(flags.getOrDefault("seed", "20261205"));
        long rotationSeconds = Long.parseLong(flags.getOrDefault("rotation-seconds", "15"));
        long cacheTtlSeconds = Long.parseLong(flags.getOrDefault("cache-ttl-seconds", "3"));
        List<String> jvm = List.of(flags.getOrDefault("node-jvm", "-Xms64m -Xmx256m -XX:+UseSerialGC").split(" +"));
        Path logs = Path.of(flags.getOrDefault("log-dir", "benchmarks/target/failover"));
        if (!routing.equals("a-first") && !routing.equals("round-robin")) {
            throw new IllegalArgumentException("--routing a-first|round-robin");
        }
        Files.createDirectories(logs);
        Path logA = logs.resolve("node-A.log");
        Path logB = logs.resolve("node-B.log");
        Files.deleteIfExists(logA);
        Files.deleteIfExists(logB);
        Random random = new Random(seed);

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "100").start()) {
            String jdbc = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres";
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setURL(jdbc);
            JdbcStorage.postgres(database).createSchema();
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            String serviceSecret = SecretHash.generateSecret();
            List<String> nodeFlags = List.of("--jdbc", jdbc, "--kek", Base64.getEncoder().encodeToString(kek),
                    "--service-secret", serviceSecret, "--rotation-seconds", String.valueOf(rotationSeconds),
                    "--cache-ttl-seconds", String.valueOf(cacheTtlSeconds));

            NodeProcess b = NodeProcess.start("B", 1, jvm, nodeFlags, logB);
            NodeProcess a = NodeProcess.start("A", 1, jvm, nodeFlags, logA);
            ClientDriver.Routes routes = new ClientDriver.Routes(routing.equals("a-first"));
            routes.b = b.origin;
            routes.a = a.origin;
            ClientDriver driver = new ClientDriver(routes, database, serviceSecret);
            List<Thread> threads = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                threads.add(new Thread(driver.user(u, refreshes, seed + u), "user-" + u));
            }
            threads.add(new Thread(driver.signer(20), "signer"));
            threads.forEach(Thread::start);
            System.out.printf("failover run: routing %s, %d users, %d kills, nodes A %s and B %s, PostgreSQL :%d%n",
                    routing, users, kills, a.origin, b.origin, pg.getPort());
            Thread.sleep(3000); // warm-up

            List<Long> restartMillis = new ArrayList<>();
            List<List<Long>> phases = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            Map<ClientDriver.Op, Integer> inFlightAtKills = new TreeMap<>();
            List<String> killLog = new ArrayList<>();
            int aimed = 0;
            for (int k = 1; k <= kills; k++) {
                boolean aimAtRotation = k % 2 == 0;
                long wait;
                if (aimAtRotation) {
                    // the next successor falls due at activates_at(newest) + period - 2 * cacheTtl
                    Instant due = newestActivation(database).plusSeconds(rotationSeconds - 2 * cacheTtlSeconds);
                    wait = due.toEpochMilli() - System.currentTimeMillis() + random.nextInt(300);
                    if (wait < 500 || wait > rotationSeconds * 1000) {
                        aimAtRotation = false;
                        wait = gapMin + (long) (random.nextDouble() * (gapMax - gapMin));
                    }
                } else {
                    wait = gapMin + (long) (random.nextDouble() * (gapMax - gapMin));
                }
                Thread.sleep(wait);
                Map<Long, ClientDriver.Op> inFlight = new LinkedHashMap<>(driver.inFlightAtA);
                long killedAt = System.nanoTime();
                a.kill();
                routes.a = null; // the load balancer's health check takes A out
                Map<ClientDriver.Op, Long> byOp = inFlight.values().stream()
                        .collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
                byOp.forEach((op, n) -> inFlightAtKills.merge(op, n.intValue(), Integer::sum));
                if (aimAtRotation) {
                    aimed++;
                }
                a = NodeProcess.start("A", k + 1, jvm, nodeFlags, logA);
                long restart = (System.nanoTime() - killedAt) / 1_000_000;
                restartMillis.add(restart);
                for (int p = 0; p < 4; p++) {
                    phases.get(p).add(a.phases[p]);
                }
                routes.a = a.origin;
                killLog.add(String.format("kill %2d%s: %d in flight at A %s; A serving again %d ms after the kill",
                        k, aimAtRotation ? " (at a key rotation)" : "", inFlight.size(), byOp, restart));
                System.out.println(killLog.get(killLog.size() - 1));
            }
            Thread.sleep(3000);
            driver.stop();
            for (Thread t : threads) {
                t.join(30_000);
            }

            // ---- checks
            HttpClient http = ClientDriver.client();
            JWKSet jwksA = driver.fetchJwks(http, a.origin);
            JWKSet jwksB = driver.fetchJwks(http, b.origin);
            a.stop();
            b.stop();
            Report report = new Report();
            report.line("routing %s, %d users (%d with a refresh grace window of %s and %d reuses, %d without), "
                    + "%d kills (%d aimed at a key rotation)", routing, users, (users + 1) / 2,
                    FailoverNode.GRACE_WINDOW, FailoverNode.GRACE_REUSES, users / 2, kills, aimed);
            report.line("in flight at node A at the kills: %s", inFlightAtKills);
            ClientDriver.Tally t = driver.tally;
            report.line("operations: %s", new TreeMap<>(t.counts.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()))));
            report.line("node A back in service after a kill (ms): %s", stats(restartMillis));
            report.line("  of which JVM start to main %s; pool and schema %s; signing keys and engine %s; Jetty %s",
                    stats(phases.get(0)), stats(phases.get(1)), stats(phases.get(2)), stats(phases.get(3)));
            report.line("a lost operation's success at node B, from its first send (ms): %s", stats(t.retryMillis));
            report.must("codes redeemed twice (client side)", t.get("code.double-issued"));
            report.must("5xx answers", t.get("5xx.A") + t.get("5xx.B"));
            report.must("unexpected answers or faults", t.get("unexpected"));
            t.unexpected.forEach(u -> report.line("  unexpected: %s", u));
            checkDatabase(database, driver, report);
            checkSigning(driver, jwksA, jwksB, database, report);
            report.must("ERROR lines in node A's log", errorLines(logA));
            report.must("ERROR lines in node B's log", errorLines(logB));
            report.line("WARN lines: node A %d, node B %d; grace reuses logged (INFO): A %d, B %d; reuse detected: A %d, "
                    + "B %d; codes replayed: A %d, B %d", count(logA, " WARN "), count(logB, " WARN "),
                    count(logA, "grace window"), count(logB, "grace window"), count(logA, "refresh.reuse_detected"),
                    count(logB, "refresh.reuse_detected"), count(logA, "code.replayed"), count(logB, "code.replayed"));
            report.line("signing keys made (logged): by A %d, by B %d; a rotation A committed but was killed before "
                    + "logging: the rest of the keys made in the run", count(logA, "signing key rotated"),
                    count(logB, "signing key rotated"));
            report.print(logs.resolve("report-" + routing + ".txt"));
            System.exit(report.failed ? 1 : 0);
        }
    }

    private static Instant newestActivation(DataSource database) throws Exception {
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(activates_at) FROM nuid_oauth_signing_key")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static void checkDatabase(DataSource database, ClientDriver driver, Report report) throws Exception {
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            report.must("tokens whose grant row is missing", scalar(st, "SELECT count(*) FROM nuid_oauth_token t "
                    + "WHERE NOT EXISTS (SELECT 1 FROM nuid_oauth_grant g WHERE g.grant_id = t.grant_id)"));
            report.must("live grants without any token (half-written)", scalar(st, "SELECT count(*) FROM nuid_oauth_grant g "
                    + "WHERE g.revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM nuid_oauth_token t WHERE t.grant_id = g.grant_id)"));
            report.must("live grants with more unrotated refresh tokens than 1 + their grace reuses (a code or "
                    + "refresh token answered twice)", scalar(st, "SELECT count(*) FROM (SELECT t.grant_id, "
                    + "sum(CASE WHEN t.kind = 'REFRESH' AND t.status = 'ACTIVE' THEN 1 ELSE 0 END) AS active, "
                    + "sum(t.grace_reuses) AS reuses FROM nuid_oauth_token t JOIN nuid_oauth_grant g ON g.grant_id = t.grant_id "
                    + "WHERE g.revoked_at IS NULL AND g.subject IS NOT NULL GROUP BY t.grant_id) x WHERE x.active > 1 + x.reuses"));
            report.line("revoked grants without tokens (a replay stored the grant revoked before the lost "
                    + "redemption could write it, or a consumed code's grant was never written): %d",
                    scalar(st, "SELECT count(*) FROM nuid_oauth_grant g WHERE g.revoked_at IS NOT NULL AND NOT EXISTS "
                            + "(SELECT 1 FROM nuid_oauth_token t WHERE t.grant_id = g.grant_id)"));
            report.line("consumed codes with no grant row (the node died between consuming the code and writing "
                    + "the grant, and no retry came): %d", scalar(st, "SELECT count(*) FROM nuid_oauth_code c WHERE "
                    + "c.consumed AND NOT EXISTS (SELECT 1 FROM nuid_oauth_grant g WHERE g.grant_id = c.grant_id)"));
            report.line("grants: %d live, %d revoked; tokens: %d", scalar(st,
                    "SELECT count(*) FROM nuid_oauth_grant WHERE revoked_at IS NULL AND subject IS NOT NULL"),
                    scalar(st, "SELECT count(*) FROM nuid_oauth_grant WHERE revoked_at IS NOT NULL"),
                    scalar(st, "SELECT count(*) FROM nuid_oauth_token"));
            List<String> hashes;
            synchronized (driver.delivered) {
                hashes = driver.delivered.stream().map(ClientDriver::hash).toList();
            }
            long found = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM nuid_oauth_token WHERE token_hash = ANY (?)")) {
                Array array = c.createArrayOf("varchar", hashes.toArray());
                ps.setArray(1, array);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    found = rs.getLong(1);
                }
            }
            report.must("tokens a client received that the store does not hold (answered before committed)",
                    hashes.size() - found);
            long appTokens = scalar(st, "SELECT count(*) FROM nuid_oauth_token WHERE client_id IN ('"
                    + FailoverNode.GRACE_CLIENT + "', '" + FailoverNode.STRICT_CLIENT + "')");
            report.line("tokens stored but never received by a client (issued by a response that was lost, or "
                    + "by a lost redemption): %d of %d", appTokens - found, appTokens);
        }
    }

    private static void checkSigning(ClientDriver driver, JWKSet jwksA, JWKSet jwksB, DataSource database,
            Report report) throws Exception {
        List<ClientDriver.Signed> tokens;
        synchronized (driver.signed) {
            tokens = List.copyOf(driver.signed);
        }
        long failA = tokens.stream().filter(s -> !ClientDriver.verifies(s.jwt(), jwksA)).count();
        long failB = tokens.stream().filter(s -> !ClientDriver.verifies(s.jwt(), jwksB)).count();
        report.must("JWT access tokens signed with a kid the signing node's JWK set did not publish",
                driver.tally.get("sign.kid-not-in-jwks.A") + driver.tally.get("sign.kid-not-in-jwks.B"));
        report.must("JWT access tokens not verifying (Nimbus) at the end against node A's JWK set", failA);
        report.must("JWT access tokens not verifying (Nimbus) at the end against node B's JWK set", failB);
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            long rows = scalar(st, "SELECT count(*) FROM nuid_oauth_signing_key");
            long generations = scalar(st, "SELECT max(generation) FROM nuid_oauth_signing_key");
            report.must("signing key generations with no key or more than one", Math.abs(rows - generations));
            report.line("JWT access tokens: %d (%d from A, %d from B), %d signing keys used; %d keys made in the run",
                    tokens.size(), tokens.stream().filter(s -> s.node().equals("A")).count(),
                    tokens.stream().filter(s -> s.node().equals("B")).count(),
                    tokens.stream().map(ClientDriver.Signed::kid).distinct().count(), rows);
        }
    }

    private static long errorLines(Path log) throws Exception {
        return count(log, " ERROR ") + count(log, "SEVERE");
    }

    private static long count(Path log, String needle) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(needle)).count();
    }

    private static long scalar(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String stats(List<Long> values) {
        List<Long> sorted;
        synchronized (values) {
            sorted = values.stream().sorted().toList();
        }
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format("n=%d min %d, median %d, p90 %d, max %d", sorted.size(), sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1)),
                sorted.get(sorted.size() - 1));
    }

    /** {@code --name value} pairs. */
    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("flags come as --name value pairs; see the class Javadoc");
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        return flags;
    }

    /** The run's findings: lines, and invariants that must be zero. */
    private static final class Report {
        final List<String> lines = new ArrayList<>();
        boolean failed;

        void line(String format, Object... args) {
            lines.add(String.format(format, args));
        }

        void must(String what, long value) {
            if (value != 0) {
                failed = true;
            }
            lines.add(String.format("%s: %d%s", what, value, value == 0 ? " (must be 0: ok)" : " (must be 0: FAILED)"));
        }

        void print(Path file) throws Exception {
            lines.forEach(System.out::println);
            System.out.println(failed ? "FAILOVER RUN FAILED" : "failover run: every invariant held");
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
    }
}
