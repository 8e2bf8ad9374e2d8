package id.nu.oauth.bench.pg;

import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.bench.engine.Engines;
import id.nu.oauth.bench.http.Load;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Churn: a steady stream of new grants with short lifetimes through the engine on {@link JdbcStorage}
 * (embedded PostgreSQL, default settings, autovacuum on), the built-in purge
 * ({@code JdbcStorage.purgeExpired} in batches, as the storage-jdbc README and the demo's purge job
 * call it) running on a schedule, and the size of every table and its indexes sampled as it goes.
 * Run by hand only:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.pg.PgChurn --rate 1000 --minutes 12
 * </pre>
 *
 * <p>Each new grant is one authorize and one code exchange (public client, PKCE S256, opaque tokens):
 * a code row, a grant row, an access and a refresh token row. Lifetimes: code 30 s, access token 30 s,
 * refresh token and grant 60 s ({@code --lifetime}). {@code --refresh-rate} of them per second are
 * refreshed (rotated) 20 s after they were issued, which adds a rotated token and two new ones.
 * {@code --threads} (4) workers take permits released at {@code --rate} per second (a permit not taken
 * within a second is dropped, so a slow machine shows as a lower achieved rate, never as a burst).
 * The purge runs every {@code --purge-every} seconds (60), {@code purgeExpired(now, --batch)} again
 * while it returns the batch size (1,000), as the demo's purge job does. Every {@code --sample}
 * seconds (30): per table, {@code pg_total_relation_size} (heap + indexes + TOAST), the heap and index
 * sizes, the rows that are not expired yet (the live set) and the statistics' live and dead tuples.
 */
public final class PgChurn {

    private static final String[] TABLES = {"nuid_oauth_token", "nuid_oauth_grant", "nuid_oauth_code"};

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = PgScale.flags(args);
        int rate = Integer.parseInt(flags.getOrDefault("rate", "1000"));
        int refreshRate = Integer.parseInt(flags.getOrDefault("refresh-rate", "100"));
        double minutes = Double.parseDouble(flags.getOrDefault("minutes", "12"));
        int sampleSeconds = Integer.parseInt(flags.getOrDefault("sample", "30"));
        int lifetime = Integer.parseInt(flags.getOrDefault("lifetime", "60"));
        int purgeEvery = Integer.parseInt(flags.getOrDefault("purge-every", "60"));
        int batch = Integer.parseInt(flags.getOrDefault("batch", "1000"));
        int threads = Integer.parseInt(flags.getOrDefault("threads", "4"));
        Path dir = Path.of(flags.getOrDefault("dir", "/tmp/nuid-pgchurn"));
        boolean batchWriter = flags.getOrDefault("writer", "engine").equals("batch");

        System.out.printf(Locale.ROOT, "PgChurn: %d new grants/s, %d refreshes/s, lifetimes: code and access 30 s, "
                + "refresh and grant %d s; purge every %d s in batches of %d; %s; %.1f min; %s%n", rate,
                refreshRate, lifetime, purgeEvery, batch, batchWriter ? "batch writer (COPY every 100 ms)"
                        : threads + " workers through the engine", minutes, Load.describe());
        try (Pg pg = Pg.start(dir, Map.of()); HikariDataSource pool = pg.pool(threads + 2)) {
            JdbcStorage storage = JdbcStorage.postgres(pool).createSchema();
            Engines engine = new Engines(Engines.Variant.OPAQUE, RefreshPolicy.ROTATE,
                    new Engines.Lifetimes(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(lifetime),
                            Duration.ofSeconds(lifetime)),
                    storage, Clock.systemUTC());
            try (Connection c = pool.getConnection()) {
                System.out.println("autovacuum settings: " + settings(c));
            }

            Semaphore permits = new Semaphore(0);
            AtomicLong created = new AtomicLong();
            AtomicLong refreshed = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            AtomicLong purged = new AtomicLong();
            AtomicLong purgeNanos = new AtomicLong();
            AtomicLong purgeRuns = new AtomicLong();
            ConcurrentLinkedQueue<Object[]> toRefresh = new ConcurrentLinkedQueue<>();
            ScheduledExecutorService timers = Executors.newScheduledThreadPool(3);
            // a permit per new grant, released every 10 ms; those not taken within a second are dropped
            timers.scheduleAtFixedRate(() -> {
                permits.release(rate / 100);
                int excess = permits.availablePermits() - rate;
                if (excess > 0) {
                    permits.tryAcquire(excess);
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            timers.scheduleWithFixedDelay(() -> {
                long t0 = System.nanoTime();
                try {
                    int n;
                    do {
                        n = storage.purgeExpired(Instant.now(), batch);
                        purged.addAndGet(n);
                    } while (n == batch);
                } catch (RuntimeException e) {
                    System.out.println("purge failed: " + e);
                }
                purgeNanos.addAndGet(System.nanoTime() - t0);
                purgeRuns.incrementAndGet();
            }, purgeEvery, purgeEvery, TimeUnit.SECONDS);

            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            double refreshShare = rate == 0 ? 0 : (double) refreshRate / rate;
            List<Thread> workers = new ArrayList<>();
            if (batchWriter) {
                Thread t = new Thread(() -> new BatchWriter(pool, rate, refreshRate, lifetime, created, refreshed,
                        failures).run(end), "churn-batch");
                t.start();
                workers.add(t);
            }
            for (int w = 0; w < (batchWriter ? 0 : threads); w++) {
                Thread t = new Thread(() -> {
                    java.util.SplittableRandom random = new java.util.SplittableRandom();
                    while (System.nanoTime() < end) {
                        try {
                            Object[] due = toRefresh.peek();
                            if (due != null && System.nanoTime() - (long) due[0] > 20e9 && toRefresh.remove(due)) {
                                engine.refresh((String) due[1]);
                                refreshed.incrementAndGet();
                                continue;
                            }
                            if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                                continue;
                            }
                            String body = engine.flow();
                            created.incrementAndGet();
                            if (random.nextDouble() < refreshShare) {
                                toRefresh.add(new Object[] {System.nanoTime(), Engines.json(body, "refresh_token")});
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            if (failures.incrementAndGet() <= 3) {
                                System.out.println("failed: " + e);
                            }
                        }
                    }
                }, "churn-" + w);
                t.start();
                workers.add(t);
            }

            System.out.printf(Locale.ROOT, "%6s %7s %7s %9s | %-44s | %-44s | %-44s | %s%n", "t s", "new/s", "refr/s",
                    "purged", "token: total MiB (heap+idx) live / tuples dead", "grant", "code", "load");
            List<long[]> totals = new ArrayList<>();
            long lastCreated = 0;
            long lastRefreshed = 0;
            long lastT = start;
            while (System.nanoTime() < end) {
                long next = lastT + sampleSeconds * 1_000_000_000L;
                Thread.sleep(Math.max(0, Math.min(next, end) - System.nanoTime()) / 1_000_000);
                long now = System.nanoTime();
                long c = created.get();
                long r = refreshed.get();
                double seconds = (now - lastT) / 1e9;
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%6.0f %7.0f %7.0f %9d", (now - start) / 1e9,
                        (c - lastCreated) / seconds, (r - lastRefreshed) / seconds, purged.get()));
                long[] sample = new long[TABLES.length];
                try (Connection conn = pool.getConnection()) {
                    Map<String, Pg.TableSize> sizes = new LinkedHashMap<>();
                    for (Pg.TableSize t : Pg.tableSizes(conn)) {
                        sizes.put(t.table(), t);
                    }
                    for (int i = 0; i < TABLES.length; i++) {
                        Pg.TableSize t = sizes.get(TABLES[i]);
                        sample[i] = t.total();
                        line.append(String.format(Locale.ROOT, " | %7s (%6s+%6s) %,8d / %,8d %,7d av%-3d",
                                Pg.mib(t.total()), Pg.mib(t.heap()), Pg.mib(t.indexes()), notExpired(conn, TABLES[i]),
                                t.liveTuples(), t.deadTuples(), t.autovacuums()));
                    }
                }
                line.append(" | ").append(Load.describe().replace("load average ", "").replace(" on 2 CPUs", ""));
                System.out.println(line);
                totals.add(sample);
                lastCreated = c;
                lastRefreshed = r;
                lastT = now;
            }
            for (Thread t : workers) {
                t.join();
            }
            timers.shutdownNow();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "done: %,d grants (%.0f/s), %,d refreshes, %d failures, %,d rows purged in %d "
                    + "purge runs (%.1f s in all, %.0f ms per run); %s%n", created.get(), created.get() / seconds,
                    refreshed.get(), failures.get(), purged.get(), purgeRuns.get(), purgeNanos.get() / 1e9,
                    purgeRuns.get() == 0 ? 0 : purgeNanos.get() / 1e6 / purgeRuns.get(), Load.describe());
            // steady state: from the third sample on (the first minutes fill up to the live set)
            for (int i = 0; i < TABLES.length; i++) {
                long min = Long.MAX_VALUE;
                long max = 0;
                for (int s = Math.min(totals.size() - 1, 4); s < totals.size(); s++) {
                    min = Math.min(min, totals.get(s)[i]);
                    max = Math.max(max, totals.get(s)[i]);
                }
                System.out.printf(Locale.ROOT, "%-18s from %d s on: total size %s .. %s MiB, last %s MiB%n", TABLES[i],
                        Math.min(totals.size() - 1, 4) * sampleSeconds + sampleSeconds, Pg.mib(min), Pg.mib(max),
                        Pg.mib(totals.get(totals.size() - 1)[i]));
            }
        } finally {
            Pg.deleteTree(dir);
        }
    }

    /**
     * {@code --writer batch}: the rows a code flow (and a rotation) leaves, in the store's format, written
     * in bulk every 100 ms on one connection, for when the machine cannot run 1,000 code flows a second
     * through the engine: per new grant a code row (inserted, then consumed: an UPDATE), a grant row, an
     * access token and a refresh token; per rotation the old refresh token marked ROTATED, the grant's
     * last use updated, and two new tokens. Values are random 256-bit base64url strings hashed like
     * the engine's (the same widths and the same random order in the primary-key indexes).
     */
    static final class BatchWriter {
        private final HikariDataSource pool;
        private final int rate;
        private final int refreshRate;
        private final int lifetime;
        private final AtomicLong created;
        private final AtomicLong refreshed;
        private final AtomicLong failures;
        private final java.util.ArrayDeque<String[]> toRefresh = new java.util.ArrayDeque<>();
        private final java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        private final java.security.MessageDigest sha256 = PgScale.sha256();

        BatchWriter(HikariDataSource pool, int rate, int refreshRate, int lifetime, AtomicLong created,
                AtomicLong refreshed, AtomicLong failures) {
            this.pool = pool;
            this.rate = rate;
            this.refreshRate = refreshRate;
            this.lifetime = lifetime;
            this.created = created;
            this.refreshed = refreshed;
            this.failures = failures;
        }

        private String value() {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return PgScale.hash(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), sha256);
        }

        void run(long end) {
            long next = System.nanoTime();
            double owedNew = 0;
            double owedRefresh = 0;
            while (System.nanoTime() < end) {
                next += 100_000_000L;
                owedNew += rate / 10.0;
                owedRefresh += refreshRate / 10.0;
                int n = (int) owedNew;
                owedNew -= n;
                int r = (int) owedRefresh;
                owedRefresh -= r;
                try (Connection c = pool.getConnection()) {
                    write(c, n, r);
                } catch (Exception e) {
                    if (failures.incrementAndGet() <= 3) {
                        System.out.println("batch failed: " + e);
                    }
                }
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    next = System.nanoTime(); // behind: the achieved rate shows it, no burst to catch up
                }
            }
        }

        private void write(Connection c, int n, int r) throws Exception {
            Instant now = Instant.now();
            Instant codeEnd = now.plusSeconds(30);
            Instant accessEnd = now.plusSeconds(30);
            Instant grantEnd = now.plusSeconds(lifetime);
            StringBuilder codes = new StringBuilder();
            StringBuilder grants = new StringBuilder();
            StringBuilder tokens = new StringBuilder();
            String[] codeHashes = new String[n];
            for (int i = 0; i < n; i++) {
                String code = value();
                String grant = value();
                String refresh = value();
                codeHashes[i] = code;
                codes.append(code).append(',').append(grant).append(',').append(PgScale.CLIENT).append(",user-4711,")
                        .append(Engines.REDIRECT).append(",true,profile,").append(Engines.CHALLENGE).append(",S256,,")
                        .append(now).append(',').append(now).append(',').append(codeEnd).append(",false,,\"\",,,\n");
                grants.append(grant).append(',').append(PgScale.CLIENT).append(",user-4711,profile,").append(now)
                        .append(',').append(now).append(',').append(grantEnd).append(",,\"\",,,,\n");
                token(tokens, value(), "ACCESS", grant, now, accessEnd, grantEnd);
                token(tokens, refresh, "REFRESH", grant, now, grantEnd, grantEnd);
                toRefresh.add(new String[] {Long.toString(System.nanoTime()), refresh, grant});
            }
            var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            if (n > 0) {
                // authorize: the code; exchange: the code consumed, then the grant with its tokens
                copy.copyIn("COPY nuid_oauth_code (code_hash, grant_id, client_id, subject, redirect_uri, "
                        + "redirect_uri_in_request, scopes, code_challenge, code_challenge_method, nonce, auth_time, "
                        + "issued_at, expires_at, consumed, dpop_jkt, resources, acr, claims, session_id) FROM STDIN "
                        + "WITH (FORMAT csv)", new java.io.StringReader(codes.toString()));
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE nuid_oauth_code SET consumed = TRUE WHERE code_hash = ANY (?) AND consumed = FALSE")) {
                    ps.setArray(1, c.createArrayOf("varchar", codeHashes));
                    ps.executeUpdate();
                }
                copy.copyIn("COPY nuid_oauth_grant (grant_id, client_id, subject, scopes, auth_time, created_at, "
                        + "expires_at, revoked_at, resources, acr, claims, session_id, last_used_at) FROM STDIN WITH "
                        + "(FORMAT csv)", new java.io.StringReader(grants.toString()));
            }
            // rotations of refresh tokens issued 20 s ago
            List<String> oldHashes = new ArrayList<>();
            List<String> grantIds = new ArrayList<>();
            long due = System.nanoTime() - 20_000_000_000L;
            while (oldHashes.size() < r && !toRefresh.isEmpty() && Long.parseLong(toRefresh.peek()[0]) < due) {
                String[] t = toRefresh.poll();
                if (random.nextInt(rate) < refreshRate) {
                    oldHashes.add(t[1]);
                    grantIds.add(t[2]);
                    token(tokens, value(), "ACCESS", t[2], now, accessEnd, grantEnd);
                    token(tokens, value(), "REFRESH", t[2], now, grantEnd, grantEnd);
                }
            }
            while (!toRefresh.isEmpty() && Long.parseLong(toRefresh.peek()[0]) < due - 5_000_000_000L) {
                toRefresh.poll(); // not picked: never refreshed
            }
            if (!oldHashes.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE nuid_oauth_token SET status = 'ROTATED', "
                        + "rotated_at = ? WHERE token_hash = ANY (?) AND status = 'ACTIVE'")) {
                    ps.setObject(1, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
                    ps.setArray(2, c.createArrayOf("varchar", oldHashes.toArray()));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE nuid_oauth_grant SET last_used_at = ? WHERE grant_id = ANY (?)")) {
                    ps.setObject(1, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
                    ps.setArray(2, c.createArrayOf("varchar", grantIds.toArray()));
                    ps.executeUpdate();
                }
            }
            if (tokens.length() > 0) {
                copy.copyIn("COPY nuid_oauth_token (token_hash, kind, grant_id, client_id, subject, scopes, issued_at, "
                        + "expires_at, absolute_expires_at, status, jkt, resources, rotated_at, grace_reuses) FROM STDIN "
                        + "WITH (FORMAT csv)", new java.io.StringReader(tokens.toString()));
            }
            created.addAndGet(n);
            refreshed.addAndGet(oldHashes.size());
        }

        private static void token(StringBuilder sb, String hash, String kind, String grant, Instant issued,
                Instant expires, Instant absolute) {
            sb.append(hash).append(',').append(kind).append(',').append(grant).append(',').append(PgScale.CLIENT)
                    .append(",user-4711,profile,").append(issued).append(',').append(expires).append(',')
                    .append(absolute).append(",ACTIVE,,\"\",,0\n");
        }
    }

    /** Rows not expired yet: the live set the table must stay near. */
    private static long notExpired(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE expires_at > now()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String settings(Connection c) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, setting FROM pg_settings WHERE name IN "
                + "('autovacuum', 'autovacuum_naptime', 'autovacuum_vacuum_scale_factor', 'autovacuum_vacuum_threshold', "
                + "'autovacuum_vacuum_insert_scale_factor', 'shared_buffers', 'server_version') ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('=').append(rs.getString(2)).append(' ');
            }
        }
        return sb.toString().trim();
    }
}
