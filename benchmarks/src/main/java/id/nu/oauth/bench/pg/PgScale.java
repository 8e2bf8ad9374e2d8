package id.nu.oauth.bench.pg;

import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.bench.engine.Engines;
import id.nu.oauth.bench.http.Load;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Token lookup, code exchange and refresh latency through the engine on {@link JdbcStorage} with N
 * live grants in an embedded PostgreSQL, for several N (10,000 and 10,000,000 by default). Run by hand
 * only (nothing in the build starts it):
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.pg.PgScale --grants 10000,10000000 --ops 2000
 * </pre>
 *
 * <p>For each N: a fresh PostgreSQL 14 (zonky) in {@code --dir}/N (default {@code /tmp/nuid-pgscale},
 * deleted afterwards unless {@code --keep true}); the schema from {@code JdbcStorage.createSchema()};
 * then its indexes and primary keys dropped, N grants with an access token and a refresh token each,
 * and N/100 codes (at least enough for the run), loaded with {@code COPY} (PgJDBC's {@code CopyManager})
 * in the exact format the store writes (SHA-256 base64url hashes of 256-bit base64url values, scopes
 * space-separated, '' for no resources); then the primary keys and indexes built again (by
 * {@code createSchema()}, the migrations' own {@code CREATE INDEX IF NOT EXISTS}), then
 * {@code VACUUM ANALYZE}. Each value is derived from its row number, so a token is presented by
 * computing it again; every operation's answer is checked (an active token, an HTTP 200).
 *
 * <p>Then {@code --passes} passes (2) of: {@code --ops} validations of a random live access token
 * ({@code AuthorizationServer.validateAccessToken}: one SELECT by primary key, joined to grant and
 * client), {@code --ops} code exchanges of loaded codes (public client, PKCE S256), and {@code --ops}
 * refreshes (rotating) of random loaded refresh tokens; one thread, a HikariCP pool of 4. Printed per
 * operation: p50/p90/p99/mean wall time, this thread's CPU and the PostgreSQL processes' CPU per
 * operation. Finally the size of every table and index, and (with {@code --explain true}, the
 * default) the plans of one validation, exchange, refresh and purge as PostgreSQL ran them
 * ({@code auto_explain} with {@code log_analyze} and {@code log_buffers}, read back from the server log).
 *
 * <p>Server settings: PostgreSQL's defaults, except {@code max_wal_size=4GB} (fewer checkpoints while
 * loading; a usual production setting), {@code logging_collector} (for the plans); more with
 * {@code --pg shared_buffers=10GB,effective_cache_size=16GB}. {@code --prewarm true} reads the loaded tables
 * and indexes into shared buffers before measuring ({@code pg_prewarm}). Disk: about 1.5 GB per million
 * grants.
 */
public final class PgScale {

    static final String CLIENT = Engines.CLIENT_ID;
    private static final int WARMUP = 300;

    private final Instant now = Instant.now();
    private final int grants;
    private final int codes;

    private PgScale(int grants, int codes) {
        this.grants = grants;
        this.codes = codes;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = flags(args);
        int ops = Integer.parseInt(flags.getOrDefault("ops", "2000"));
        int passes = Integer.parseInt(flags.getOrDefault("passes", "2"));
        Path base = Path.of(flags.getOrDefault("dir", "/tmp/nuid-pgscale"));
        boolean keep = Boolean.parseBoolean(flags.getOrDefault("keep", "false"));
        boolean explain = Boolean.parseBoolean(flags.getOrDefault("explain", "true"));
        boolean prewarm = Boolean.parseBoolean(flags.getOrDefault("prewarm", "false"));
        Map<String, String> pgSettings = new LinkedHashMap<>();
        for (String kv : flags.getOrDefault("pg", "").split(",")) {
            if (!kv.isBlank()) {
                pgSettings.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        System.out.println("PgScale: " + Load.describe() + "; " + Runtime.version());
        for (String n : flags.getOrDefault("grants", "10000,10000000").split(",")) {
            int grants = Integer.parseInt(n.replace("_", ""));
            int codes = Math.max(grants / 100, WARMUP + passes * ops + 10);
            new PgScale(grants, codes).run(base.resolve(Integer.toString(grants)), ops, passes, explain, prewarm,
                    pgSettings);
            if (!keep) {
                Pg.deleteTree(base.resolve(Integer.toString(grants)));
            }
        }
    }

    private void run(Path dir, int ops, int passes, boolean explain, boolean prewarm, Map<String, String> pgSettings)
            throws Exception {
        System.out.printf(Locale.ROOT, "%n=== %,d grants (%,d access + %,d refresh tokens), %,d codes; data in %s ===%n",
                grants, grants, grants, codes, dir);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("max_wal_size", "4GB");
        settings.put("logging_collector", "on");
        settings.put("log_directory", "log");
        settings.put("log_filename", "postgresql.log");
        settings.putAll(pgSettings);
        if (!pgSettings.isEmpty()) {
            System.out.println("PostgreSQL settings besides the defaults: " + settings);
        }
        try (Pg pg = Pg.start(dir, settings); HikariDataSource pool = pg.pool(4)) {
            JdbcStorage storage = JdbcStorage.postgres(pool).createSchema();
            load(pool, storage);
            if (prewarm) {
                prewarm(pool);
            }
            Engines engine = new Engines(Engines.Variant.OPAQUE, RefreshPolicy.ROTATE, Engines.Lifetimes.DEFAULTS,
                    storage, Clock.systemUTC());
            Sampler sampler = new Sampler(grants, codes);
            for (int i = 0; i < WARMUP; i++) {
                validate(engine, sampler.anyGrant());
                engine.exchange(value(CODE, sampler.nextCode()));
                engine.refresh(value(REFRESH, sampler.nextRefresh()));
            }
            System.out.println("load before measuring: " + Load.describe());
            System.out.printf(Locale.ROOT, "%-6s %-10s %6s %8s %8s %8s %8s %12s %12s%n", "pass", "operation", "ops",
                    "p50 ms", "p90 ms", "p99 ms", "mean ms", "JVM cpu µs", "PG cpu µs");
            for (int pass = 1; pass <= passes; pass++) {
                measure(pg, pass, "validate", ops, i -> validate(engine, sampler.anyGrant()));
                measure(pg, pass, "exchange", ops, i -> engine.exchange(value(CODE, sampler.nextCode())));
                measure(pg, pass, "refresh", ops, i -> engine.refresh(value(REFRESH, sampler.nextRefresh())));
            }
            System.out.println("load after measuring: " + Load.describe());
            try (Connection c = pool.getConnection()) {
                try (Statement st = c.createStatement()) {
                    st.execute("ANALYZE");
                }
                System.out.printf(Locale.ROOT, "%-28s %10s %10s %10s %12s%n", "table", "heap MiB", "index MiB",
                        "total MiB", "rows (est.)");
                for (Pg.TableSize t : Pg.tableSizes(c)) {
                    System.out.printf(Locale.ROOT, "%-28s %10s %10s %10s %,12d%n", t.table(), Pg.mib(t.heap()),
                            Pg.mib(t.indexes()), Pg.mib(t.total()), t.liveTuples());
                }
                try (ResultSet rs = c.createStatement().executeQuery("SELECT relname, n_tup_upd, n_tup_hot_upd "
                        + "FROM pg_stat_user_tables WHERE relname IN ('nuid_oauth_grant', 'nuid_oauth_token', "
                        + "'nuid_oauth_code') ORDER BY relname")) {
                    while (rs.next()) {
                        System.out.printf(Locale.ROOT, "updates of %s: %,d, of which HOT (no index entry): %,d%n",
                                rs.getString(1), rs.getLong(2), rs.getLong(3));
                    }
                }
                for (Map.Entry<String, Long> index : Pg.indexSizes(c).entrySet()) {
                    System.out.printf(Locale.ROOT, "  index %-36s %10s MiB%n", index.getKey(), Pg.mib(index.getValue()));
                }
            }
            if (explain) {
                explain(pg, sampler);
            }
        }
    }

    private static void validate(Engines engine, int grant) {
        if (!(engine.server().validateAccessToken(value(ACCESS, grant)) instanceof AccessTokenValidation.Active)) {
            throw new IllegalStateException("the loaded access token of grant " + grant + " is not active");
        }
    }

    private static void measure(Pg pg, int pass, String name, int ops, IntConsumer op) {
        var threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[ops];
        long cpu0 = threads.getCurrentThreadCpuTime();
        long pg0 = pg.cpuNanos();
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            op.accept(i);
            wall[i] = System.nanoTime() - t0;
        }
        long pgCpu = pg.cpuNanos() - pg0;
        long jvmCpu = threads.getCurrentThreadCpuTime() - cpu0;
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%-6d %-10s %6d %8.3f %8.3f %8.3f %8.3f %12.1f %12.1f%n", pass, name, ops,
                pct(wall, 0.50), pct(wall, 0.90), pct(wall, 0.99), Arrays.stream(wall).average().orElse(0) / 1e6,
                jvmCpu / 1e3 / ops, pgCpu / 1e3 / ops);
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** Random distinct grants for refreshes and codes in order, random grants for lookups. */
    static final class Sampler {
        private final SplittableRandom random = new SplittableRandom(7);
        private final int grants;
        private final int codes;
        private final java.util.BitSet refreshed = new java.util.BitSet();
        private int nextCode;

        Sampler(int grants, int codes) {
            this.grants = grants;
            this.codes = codes;
        }

        int anyGrant() {
            return random.nextInt(grants);
        }

        int nextRefresh() {
            while (true) {
                int g = random.nextInt(grants);
                if (!refreshed.get(g)) {
                    refreshed.set(g);
                    return g;
                }
            }
        }

        int nextCode() {
            if (nextCode >= codes) {
                throw new IllegalStateException("out of loaded codes");
            }
            // spread over the whole table, each once: a stride coprime with the count
            long stride = 7_919L;
            while (gcd(stride, codes) != 1) {
                stride += 2;
            }
            return (int) ((nextCode++ * stride) % codes);
        }

        private static long gcd(long a, long b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }

    // ---- loading -------------------------------------------------------------------------------

    static final int GRANT = 0;
    static final int ACCESS = 1;
    static final int REFRESH = 2;
    static final int CODE = 3;
    static final int CODE_GRANT = 4;

    /** The value of row {@code i} of a kind: 256 bits from a generator seeded with both, base64url. */
    static String value(int kind, int i) {
        byte[] bytes = new byte[32];
        new SplittableRandom(((long) i << 3) | kind).nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** The engine's token and code hash (core's TokenHasher): SHA-256 of the ASCII bytes, base64url. */
    static String hash(String value, MessageDigest sha256) {
        return BASE64URL.encodeToString(sha256.digest(value.getBytes(StandardCharsets.US_ASCII)));
    }

    private static final String GRANT_COLUMNS = "grant_id, client_id, subject, scopes, auth_time, created_at, "
            + "expires_at, revoked_at, resources, acr, claims, session_id, last_used_at";
    private static final String TOKEN_COLUMNS = "token_hash, kind, grant_id, client_id, subject, scopes, issued_at, "
            + "expires_at, absolute_expires_at, status, jkt, resources, rotated_at, grace_reuses";
    private static final String CODE_COLUMNS = "code_hash, grant_id, client_id, subject, redirect_uri, "
            + "redirect_uri_in_request, scopes, code_challenge, code_challenge_method, nonce, auth_time, issued_at, "
            + "expires_at, consumed, dpop_jkt, resources, acr, claims, session_id";

    private static final String[] LOADED = {"nuid_oauth_grant", "nuid_oauth_token", "nuid_oauth_code"};

    private void load(HikariDataSource pool, JdbcStorage storage) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            // indexes and primary keys are built once after the load, not row by row
            List<String> drop = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT i.indexname, i.tablename, c.conname FROM pg_indexes i "
                    + "LEFT JOIN pg_constraint c ON c.conname = i.indexname WHERE i.tablename IN "
                    + "('nuid_oauth_grant', 'nuid_oauth_token', 'nuid_oauth_code')")) {
                while (rs.next()) {
                    drop.add(rs.getString(3) != null
                            ? "ALTER TABLE " + rs.getString(2) + " DROP CONSTRAINT " + rs.getString(3)
                            : "DROP INDEX " + rs.getString(1));
                }
            }
            for (String sql : drop) {
                st.execute(sql);
            }
        }
        long copyStart = System.nanoTime();
        try (Connection c = pool.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            copy(copy.copyIn("COPY nuid_oauth_grant (" + GRANT_COLUMNS + ") FROM STDIN WITH (FORMAT csv)"), grants,
                    (i, sb) -> grantRow(i, sb));
            copy(copy.copyIn("COPY nuid_oauth_token (" + TOKEN_COLUMNS + ") FROM STDIN WITH (FORMAT csv)"), grants,
                    (i, sb) -> tokenRows(i, sb, sha256));
            copy(copy.copyIn("COPY nuid_oauth_code (" + CODE_COLUMNS + ") FROM STDIN WITH (FORMAT csv)"), codes,
                    (i, sb) -> codeRow(i, sb, sha256));
        }
        long indexStart = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET maintenance_work_mem = '512MB'");
            st.execute("ALTER TABLE nuid_oauth_grant ADD CONSTRAINT nuid_oauth_grant_pk PRIMARY KEY (grant_id)");
            st.execute("ALTER TABLE nuid_oauth_token ADD CONSTRAINT nuid_oauth_token_pk PRIMARY KEY (token_hash)");
            st.execute("ALTER TABLE nuid_oauth_code ADD CONSTRAINT nuid_oauth_code_pk PRIMARY KEY (code_hash)");
        }
        storage.createSchema(); // every other index, as the migrations define them
        long vacuumStart = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            for (String table : LOADED) {
                st.execute("VACUUM ANALYZE " + table);
            }
        }
        long end = System.nanoTime();
        System.out.printf(Locale.ROOT, "load: drop indexes %.1f s, COPY %,d rows %.1f s (%,.0f rows/s), primary keys "
                + "and indexes %.1f s, VACUUM ANALYZE %.1f s; total %.1f s; %s%n", (copyStart - t0) / 1e9,
                grants * 3L + codes, (indexStart - copyStart) / 1e9, (grants * 3L + codes) / ((indexStart - copyStart) / 1e9),
                (vacuumStart - indexStart) / 1e9, (end - vacuumStart) / 1e9, (end - t0) / 1e9, Load.describe());
    }

    /**
     * Reads every page of the loaded tables and their indexes into shared buffers ({@code pg_prewarm}),
     * as a database in service for a while holds its working set; only useful with a
     * {@code shared_buffers} (set with {@code --pg shared_buffers=10GB}) that holds the data.
     */
    private static void prewarm(HikariDataSource pool) throws SQLException {
        long t0 = System.nanoTime();
        long blocks = 0;
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
            try (ResultSet rs = st.executeQuery("SELECT sum(pg_prewarm(c.oid)) FROM pg_class c WHERE c.relname LIKE "
                    + "'nuid_oauth_%' AND c.relkind IN ('r', 'i')")) {
                rs.next();
                blocks = rs.getLong(1);
            }
        }
        System.out.printf(Locale.ROOT, "prewarm: %,d blocks (%,.0f MiB) into shared buffers in %.1f s%n", blocks,
                blocks * 8192 / 1048576.0, (System.nanoTime() - t0) / 1e9);
    }

    @FunctionalInterface
    interface Row {
        void append(int i, StringBuilder sb);
    }

    private static void copy(CopyIn in, int rows, Row row) throws SQLException {
        StringBuilder sb = new StringBuilder(1 << 20);
        try {
            for (int i = 0; i < rows; i++) {
                row.append(i, sb);
                if (sb.length() > (1 << 20) - 2048) {
                    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(bytes, 0, bytes.length);
                    sb.setLength(0);
                }
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** Users own 10 grants each on average. */
    private String subject(int i) {
        return "user-" + (i % Math.max(1, grants / 10));
    }

    /** Made over the last 7 days; refresh tokens live 30 days from then, grants 90. */
    private Instant created(int i) {
        return now.minusSeconds(i % (7 * 86_400));
    }

    private void grantRow(int i, StringBuilder sb) {
        Instant created = created(i);
        sb.append(value(GRANT, i)).append(',').append(CLIENT).append(',').append(subject(i)).append(",profile,")
                .append(created).append(',').append(created).append(',').append(created.plus(Duration.ofDays(90)))
                .append(",,\"\",,,,\n"); // revoked_at, resources '', acr, claims, session_id, last_used_at
    }

    private void tokenRows(int i, StringBuilder sb, MessageDigest sha256) {
        Instant created = created(i);
        String grant = value(GRANT, i);
        // access tokens: still valid for the run (1-3 h), issued a little before
        Instant accessExpires = now.plusSeconds(3_600 + i % 7_200);
        token(sb, hash(value(ACCESS, i), sha256), "ACCESS", grant, subject(i), accessExpires.minusSeconds(900),
                accessExpires, accessExpires);
        token(sb, hash(value(REFRESH, i), sha256), "REFRESH", grant, subject(i), created,
                created.plus(Duration.ofDays(30)), created.plus(Duration.ofDays(90)));
    }

    private static void token(StringBuilder sb, String hash, String kind, String grant, String subject, Instant issued,
            Instant expires, Instant absolute) {
        sb.append(hash).append(',').append(kind).append(',').append(grant).append(',').append(CLIENT).append(',')
                .append(subject).append(",profile,").append(issued).append(',').append(expires).append(',')
                .append(absolute).append(",ACTIVE,,\"\",,0\n"); // jkt, resources '', rotated_at, grace_reuses
    }

    private void codeRow(int i, StringBuilder sb, MessageDigest sha256) {
        Instant issued = now.minusSeconds(i % 30);
        sb.append(hash(value(CODE, i), sha256)).append(',').append(value(CODE_GRANT, i)).append(',').append(CLIENT)
                .append(",user-code-").append(i).append(',').append(Engines.REDIRECT).append(",true,profile,")
                .append(Engines.CHALLENGE).append(",S256,,").append(issued).append(',').append(issued).append(',')
                // valid for the run: a code lives 60 s by default, but the run takes longer than that
                .append(now.plus(Duration.ofHours(6))).append(",false,,\"\",,,\n");
    }

    // ---- plans -----------------------------------------------------------------------------------

    /** One of each hot operation on a pool whose sessions log their plans (auto_explain), then the log. */
    private void explain(Pg pg, Sampler sampler) throws Exception {
        Path log = pg.dataDirectory.resolve("log").resolve("postgresql.log");
        long from = Files.exists(log) ? Files.size(log) : 0;
        try (HikariDataSource pool = pg.pool(1, "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; "
                + "SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on; "
                + "SET auto_explain.log_timing = on; SET auto_explain.log_nested_statements = on")) {
            JdbcStorage storage = JdbcStorage.postgres(pool);
            Engines engine = new Engines(Engines.Variant.OPAQUE, RefreshPolicy.ROTATE, Engines.Lifetimes.DEFAULTS,
                    storage, Clock.systemUTC());
            validate(engine, sampler.anyGrant());
            engine.exchange(value(CODE, sampler.nextCode()));
            engine.refresh(value(REFRESH, sampler.nextRefresh()));
            storage.purgeExpired(Instant.now(), 1000);
        }
        Thread.sleep(1_000); // the logging collector writes asynchronously
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) Math.min(from, all.length), (int) (all.length - Math.min(from, all.length)),
                StandardCharsets.UTF_8);
        System.out.println("--- plans (auto_explain, ANALYZE and BUFFERS), " + grants + " grants ---");
        System.out.println(text);
    }

    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("flags: --grants N,N --ops N --passes N --dir DIR --keep BOOL "
                        + "--explain BOOL --prewarm BOOL --pg name=value,name=value");
            }
            flags.put(args[i].substring(2), args[i + 1]);
        }
        return flags;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
