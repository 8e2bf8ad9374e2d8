package id.nu.oauth.bench.http;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our HTTP load driver: {@code java.net.http.HttpClient}, loopback only, each phase bounded by a
 * duration AND a count. {@code --concurrency} virtual users, each with its own client, cookie jar
 * and logged-in session, send requests back to back (closed loop). The server ({@link BenchServer})
 * runs in a JVM of its own (unless {@code --server in-process}), so the CPU time it reports for a
 * phase is its own work only. Phases, each measured alone:
 *
 * <ol>
 * <li>{@code hello}: GET /hello, a plain servlet on the same Jetty: the baseline (run first and last)</li>
 * <li>{@code hello-post}: POST /hello with a form like a refresh request's, answered with a JSON
 *     object like a token response and its headers: what HTTP alone costs for a request of that shape</li>
 * <li>{@code jwks}: GET /api/oauth/jwks</li>
 * <li>{@code authorize}: GET /api/oauth/authorize with the session (first-party client, PKCE S256) → 302 with a code</li>
 * <li>{@code exchange}: POST /api/oauth/token, grant_type=authorization_code, redeeming those codes</li>
 * <li>{@code code-flow}: authorize then exchange, one operation of two requests</li>
 * <li>{@code validate}: GET /resource/me with {@code Authorization: Bearer} (BearerTokenFilter)</li>
 * <li>{@code introspect}: POST /api/oauth/introspect (RFC 7662, Basic-authenticated resource server)</li>
 * <li>{@code client-creds}: POST /api/oauth/token, grant_type=client_credentials (Basic)</li>
 * <li>{@code refresh}: POST /api/oauth/token, grant_type=refresh_token, rotating (each user follows its chain)</li>
 * <li>{@code revoke}: POST /api/oauth/revoke with a refresh token (revokes its grant)</li>
 * </ol>
 *
 * For each phase: requests per second, p50/p90/p99 latency, and the server's own CPU time and
 * allocated bytes per operation (read from {@code GET /bench/cpu} before and after the phase), and
 * that CPU time as a multiple of hello's (the mean of its two runs) with the target
 * (≤ 1.3× per single request, ≤ 2.6× per code flow). {@code --passes N} repeats the measured pass.
 * {@code --profile DIR} records each phase with JFR in the server ({@code DIR/<phase>.jfr}); its
 * overhead is in that run's figures, so profile and measure in separate runs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.http.LoadDriver --store memory --concurrency 4 --duration 5 --warmup 5 --passes 2
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.http.LoadDriver --store postgres --concurrency 8 --duration 10
 * </pre>
 */
public final class LoadDriver {

    static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9sbenchmarkverifier0123456789";

    private final URI origin;
    private final String resourceServerAuthorization;
    private final int concurrency;
    private final Duration duration;
    private final long count;
    private final Path profileDir;
    private final List<User> users = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> codes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String[]> tokens = new ConcurrentLinkedQueue<>();
    private final HttpClient control = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    LoadDriver(URI origin, String resourceServerSecret, int concurrency, Duration duration, long count,
            Path profileDir) {
        if (!"127.0.0.1".equals(origin.getHost()) && !"localhost".equals(origin.getHost())) {
            throw new IllegalArgumentException("loopback only: " + origin);
        }
        this.origin = origin;
        this.resourceServerAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                (form(BenchServer.RESOURCE_SERVER) + ":" + form(resourceServerSecret)).getBytes(StandardCharsets.UTF_8));
        this.concurrency = concurrency;
        this.duration = duration;
        this.count = count;
        this.profileDir = profileDir;
        for (int i = 0; i < concurrency; i++) {
            users.add(new User(i));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = flags(args);
        int concurrency = Integer.parseInt(flags.getOrDefault("concurrency", "4"));
        Duration duration = Duration.ofSeconds(Long.parseLong(flags.getOrDefault("duration", "10")));
        long count = Long.parseLong(flags.getOrDefault("count", "1000000"));
        Duration warmup = Duration.ofSeconds(Long.parseLong(flags.getOrDefault("warmup", "5")));
        int passes = Integer.parseInt(flags.getOrDefault("passes", "1"));
        String store = flags.getOrDefault("store", "memory");
        String mode = flags.getOrDefault("server", "fork");
        Path profile = flags.containsKey("profile") ? Path.of(flags.get("profile")).toAbsolutePath() : null;
        if (profile != null) {
            Files.createDirectories(profile);
        }
        long started = System.nanoTime();
        try (Server server = mode.equals("in-process") ? Server.inProcess(store)
                : Server.fork(store, flags.getOrDefault("server-jvm", "-Xms256m -Xmx512m -XX:+UseG1GC"))) {
            System.out.printf(Locale.ROOT, "server: Jetty 12 ee10 on %s, store %s, %s, started in %d ms; %s%n",
                    server.origin, store, server.describe, (System.nanoTime() - started) / 1_000_000, Load.describe());
            System.out.printf(Locale.ROOT, "driver: java.net.http, %d users, phases of %d s or %,d requests, "
                    + "warm-up %d s, %d pass(es)%s%n", concurrency, duration.toSeconds(), count, warmup.toSeconds(),
                    passes, profile == null ? "" : ", JFR per phase in " + profile);
            if (!warmup.isZero()) {
                new LoadDriver(server.origin, server.secret, concurrency, warmup, count, null).runAll(false);
            }
            for (int pass = 1; pass <= passes; pass++) {
                if (passes > 1) {
                    System.out.println("pass " + pass + ":");
                }
                new LoadDriver(server.origin, server.secret, concurrency, duration, count, profile).runAll(true);
            }
        }
    }

    /** The server: forked into a JVM of its own (the default) or in this one. */
    static final class Server implements AutoCloseable {
        final URI origin;
        final String secret;
        final String describe;
        private final AutoCloseable stop;

        private Server(URI origin, String secret, String describe, AutoCloseable stop) {
            this.origin = origin;
            this.secret = secret;
            this.describe = describe;
            this.stop = stop;
        }

        static Server inProcess(String store) throws Exception {
            BenchServer server = BenchServer.start(0, store);
            return new Server(server.origin(), server.resourceServerSecret(), "in the driver's JVM", server);
        }

        static Server fork(String store, String jvmOptions) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            for (String option : jvmOptions.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    command.add(option);
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchServer.class.getName(),
                    "--store", store));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("BENCH-SERVER ")) {
                System.out.println("  server: " + line);
            }
            if (line == null) {
                throw new IllegalStateException("the server exited with " + process.waitFor());
            }
            String[] parts = line.split(" ");
            Thread drain = new Thread(() -> {
                try {
                    String more;
                    while ((more = out.readLine()) != null) {
                        System.out.println("  server: " + more);
                    }
                } catch (java.io.IOException gone) {
                    // the server is gone
                }
            }, "server-output");
            drain.setDaemon(true);
            drain.start();
            return new Server(URI.create(parts[1]), parts[2], "own JVM (pid " + process.pid() + ", " + jvmOptions + ")",
                    () -> {
                        process.destroy();
                        process.waitFor();
                    });
        }

        @Override
        public void close() throws Exception {
            stop.close();
        }
    }

    void runAll(boolean print) throws Exception {
        for (User u : users) {
            u.login();
        }
        List<Stats> all = new ArrayList<>();
        // hello before every phase and after the last: each phase is compared with the mean of the
        // hello runs on either side of it, so a change of load on the shared machine during the run
        // weighs on both sides of each comparison
        Step hello = u -> {
            u.send(u.get("/hello"), 200);
            return true;
        };
        PhaseList phases = new PhaseList(all, hello);
        phases.add("hello-post", u -> {
            u.send(u.post("/hello", "grant_type=refresh_token&refresh_token=" + "r".repeat(43) + "&client_id="
                    + BenchServer.CLIENT_ID, null), 200);
            return true;
        });
        phases.add("jwks", u -> {
            u.send(u.get("/api/oauth/jwks"), 200);
            return true;
        });
        phases.add("authorize", u -> {
            codes.add(u.authorize());
            return true;
        });
        phases.add("exchange", u -> {
            String code = codes.poll();
            if (code == null) {
                return false;
            }
            tokens.add(u.exchange(code));
            return true;
        });
        phases.add("code-flow", u -> {
            tokens.add(u.exchange(u.authorize()));
            return true;
        });
        String[][] issued = tokens.toArray(new String[0][]);
        if (issued.length < concurrency + 1) {
            throw new IllegalStateException("too few tokens issued (" + issued.length + ") to go on");
        }
        phases.add("validate", u -> {
            String access = issued[u.next(issued.length)][0];
            u.send(HttpRequest.newBuilder(origin.resolve("/resource/me"))
                    .header("Authorization", "Bearer " + access).GET().build(), 200);
            return true;
        });
        phases.add("introspect", u -> {
            String access = issued[u.next(issued.length)][0];
            String body = u.send(u.post("/api/oauth/introspect", "token=" + access, resourceServerAuthorization), 200)
                    .body();
            if (!body.contains("\"active\":true")) {
                throw new IllegalStateException("inactive: " + body);
            }
            return true;
        });
        phases.add("client-creds", u -> {
            String body = u.send(u.post("/api/oauth/token", "grant_type=client_credentials&scope=profile",
                    resourceServerAuthorization), 200).body();
            json(body, "access_token");
            return true;
        });
        for (User u : users) {
            u.refreshToken = issued[u.id][1];
        }
        phases.add("refresh", u -> {
            String body = u.send(u.post("/api/oauth/token", "grant_type=refresh_token&refresh_token="
                    + u.refreshToken + "&client_id=" + BenchServer.CLIENT_ID, null), 200).body();
            u.refreshToken = json(body, "refresh_token");
            return true;
        });
        AtomicLong nextToRevoke = new AtomicLong(concurrency);
        phases.add("revoke", u -> {
            long i = nextToRevoke.getAndIncrement();
            if (i >= issued.length) {
                return false;
            }
            u.send(u.post("/api/oauth/revoke", "token=" + issued[(int) i][1], null), 200);
            return true;
        });
        phases.finish();
        if (print) {
            print(all);
        }
    }

    /** Runs each phase after a hello run, and one more hello at the end. */
    final class PhaseList {
        private final List<Stats> all;
        private final Step hello;

        PhaseList(List<Stats> all, Step hello) {
            this.all = all;
            this.hello = hello;
        }

        void add(String name, Step step) throws Exception {
            all.add(run("hello", hello));
            all.add(run(name, step));
        }

        void finish() throws Exception {
            all.add(run("hello", hello));
        }
    }

    /** One step done by one user; false when there is nothing left to do. */
    @FunctionalInterface
    interface Step {
        boolean run(User user) throws Exception;
    }

    /**
     * What the server says it has used so far: CPU ns, allocated bytes, GC count, GC ms, and its
     * PostgreSQL server's CPU ns (-1 on the in-memory store).
     */
    record Usage(long cpuNanos, long allocatedBytes, long gcCount, long gcMillis, long databaseCpuNanos,
            long gcThreadNanos, long jitThreadNanos) {
        Usage minus(Usage before) {
            return new Usage(cpuNanos - before.cpuNanos, allocatedBytes - before.allocatedBytes,
                    gcCount - before.gcCount, gcMillis - before.gcMillis,
                    databaseCpuNanos < 0 ? -1 : databaseCpuNanos - before.databaseCpuNanos,
                    gcThreadNanos < 0 ? -1 : gcThreadNanos - before.gcThreadNanos,
                    jitThreadNanos < 0 ? -1 : jitThreadNanos - before.jitThreadNanos);
        }
    }

    Usage usage() throws Exception {
        String[] parts = control.send(HttpRequest.newBuilder(origin.resolve("/bench/cpu")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body().trim().split(" ");
        return new Usage(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                Long.parseLong(parts[3]), parts.length > 4 ? Long.parseLong(parts[4]) : -1,
                parts.length > 6 ? Long.parseLong(parts[5]) : -1, parts.length > 6 ? Long.parseLong(parts[6]) : -1);
    }

    private void jfr(String action, String file) throws Exception {
        String query = "action=" + action + (file == null ? "" : "&file=" + form(file));
        int status = control.send(HttpRequest.newBuilder(origin.resolve("/bench/jfr?" + query))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 204) {
            throw new IllegalStateException("JFR " + action + ": HTTP " + status);
        }
    }

    Stats run(String name, Step step) throws Exception {
        AtomicLong started = new AtomicLong();
        CountDownLatch done = new CountDownLatch(users.size());
        long[][] latencies = new long[users.size()][];
        int[] sizes = new int[users.size()];
        long[] errors = new long[users.size()];
        String[] firstError = new String[1];
        Path profileFile = profileDir == null ? null : profileDir.resolve(name + ".jfr");
        if (profileFile != null && Files.exists(profileFile)) {
            profileFile = null; // hello runs many times: its first run is profiled
        }
        if (profileFile != null) {
            jfr("start", null);
        }
        Usage before = usage();
        long t0 = System.nanoTime();
        long deadline = t0 + duration.toNanos();
        for (User user : users) {
            Thread thread = new Thread(() -> {
                long[] lat = new long[1024];
                int n = 0;
                try {
                    while (System.nanoTime() < deadline && started.incrementAndGet() <= count) {
                        long s = System.nanoTime();
                        boolean more;
                        try {
                            more = step.run(user);
                        } catch (Exception e) {
                            errors[user.id]++;
                            synchronized (firstError) {
                                if (firstError[0] == null) {
                                    firstError[0] = e.toString();
                                }
                            }
                            continue;
                        }
                        if (!more) {
                            break;
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = System.nanoTime() - s;
                    }
                } finally {
                    latencies[user.id] = lat;
                    sizes[user.id] = n;
                    done.countDown();
                }
            }, "driver-" + name + "-" + user.id);
            thread.start();
        }
        done.await();
        long elapsed = System.nanoTime() - t0;
        Usage used = usage().minus(before);
        if (profileFile != null) {
            jfr("stop", profileFile.toString());
        }
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < users.size(); i++) {
            System.arraycopy(latencies[i], 0, all, at, sizes[i]);
            at += sizes[i];
        }
        Arrays.sort(all);
        long errorCount = Arrays.stream(errors).sum();
        return new Stats(name, total, elapsed, all, errorCount, firstError[0], used);
    }

    record Stats(String name, int ops, long elapsedNanos, long[] sorted, long errors, String firstError, Usage used) {
        double perSecond() {
            return ops * 1e9 / elapsedNanos;
        }

        double percentileMillis(double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }

        /** The server's CPU per operation, µs (the two /bench/cpu reads are in it, negligibly). */
        double cpuMicros() {
            return ops == 0 ? Double.NaN : used.cpuNanos() / 1e3 / ops;
        }

        /** The PostgreSQL server's CPU per operation, µs (10 ms resolution over the phase); NaN without one. */
        double databaseCpuMicros() {
            return ops == 0 || used.databaseCpuNanos() < 0 ? Double.NaN : used.databaseCpuNanos() / 1e3 / ops;
        }

        /** The garbage collector's threads' CPU per operation, µs; NaN off Linux. */
        double gcCpuMicros() {
            return ops == 0 || used.gcThreadNanos() < 0 ? Double.NaN : used.gcThreadNanos() / 1e3 / ops;
        }

        /**
         * The server's CPU per operation without its GC and JIT compiler threads', µs: the request
         * threads' own work (and the VM's other threads'); the whole figure off Linux.
         */
        double javaCpuMicros() {
            double gc = gcCpuMicros();
            double jit = jitCpuMicros();
            return Double.isNaN(gc) || Double.isNaN(jit) ? cpuMicros() : cpuMicros() - gc - jit;
        }

        /** The JIT compiler threads' CPU per operation, µs; NaN off Linux. */
        double jitCpuMicros() {
            return ops == 0 || used.jitThreadNanos() < 0 ? Double.NaN : used.jitThreadNanos() / 1e3 / ops;
        }

        double allocKib() {
            return ops == 0 ? Double.NaN : used.allocatedBytes() / 1024.0 / ops;
        }

        /** Requests per operation: the code flow is two. */
        int requests() {
            return name.equals("code-flow") ? 2 : 1;
        }
    }

    /**
     * One row per phase; "hello µs" is the mean of the hello runs just before and just after it,
     * "× hello" the phase's server CPU per operation over that.
     */
    static void print(List<Stats> all) {
        System.out.printf(Locale.ROOT, "%-12s %8s %8s %7s %7s %7s %9s %9s %9s %8s %8s %5s %6s %7s %7s %8s%n", "step", "ops",
                "ops/s", "p50 ms", "p90 ms", "p99 ms", "cpu µs/op", "alloc KiB", "hello µs", "× hello", "target", "GCs",
                "errors", "GC µs", "JIT µs", "× hello w/o GC+JIT");
        List<Double> hellos = new ArrayList<>();
        List<Double> helloGc = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Stats s = all.get(i);
            if (s.name().equals("hello")) {
                hellos.add(s.cpuMicros());
                helloGc.add(s.gcCpuMicros());
                continue;
            }
            double hello = (all.get(i - 1).cpuMicros() + all.get(i + 1).cpuMicros()) / 2;
            double ratio = s.cpuMicros() / hello;
            // the same ratio on the request threads' work alone: the collector's and the compilers'
            // CPU depend on the run's history (the store's live set, what is still being compiled)
            double javaRatio = s.javaCpuMicros() / ((all.get(i - 1).javaCpuMicros() + all.get(i + 1).javaCpuMicros()) / 2);
            double limit = 1.3 * s.requests();
            System.out.printf(Locale.ROOT, "%-12s %8d %8.0f %7.2f %7.2f %7.2f %9.1f %9.2f %9.1f %7.2f× %8s %5d %6d %7.1f %7.1f %7.2f×%n",
                    s.name(), s.ops(), s.perSecond(), s.percentileMillis(0.50), s.percentileMillis(0.90),
                    s.percentileMillis(0.99), s.cpuMicros(), s.allocKib(), hello, ratio,
                    (ratio <= limit ? "ok ≤" : "MISS ") + limit, s.used().gcCount(), s.errors(), s.gcCpuMicros(),
                    s.jitCpuMicros(), javaRatio);
            if (!Double.isNaN(s.databaseCpuMicros())) {
                System.out.printf(Locale.ROOT, "    PostgreSQL processes: %.1f µs CPU/op (server JVM + PostgreSQL %.1f µs/op)%n",
                        s.databaseCpuMicros(), s.cpuMicros() + s.databaseCpuMicros());
            }
            if (s.firstError() != null) {
                System.out.println("    first error: " + s.firstError());
            }
        }
        Stats firstHello = all.get(0);
        List<Double> sorted = new ArrayList<>(hellos);
        sorted.sort(null);
        System.out.printf(Locale.ROOT, "hello        %d runs: server CPU µs/op min %.1f, median %.1f, max %.1f; "
                + "%.2f KiB allocated/op; first run %.0f ops/s, p50 %.2f ms%n", hellos.size(), sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), firstHello.allocKib(),
                firstHello.perSecond(), firstHello.percentileMillis(0.5));
        helloGc.sort(null);
        System.out.printf(Locale.ROOT, "hello        GC threads' CPU µs/op median %.1f%n", helloGc.get(helloGc.size() / 2));
        System.out.println("load after: " + Load.describe());
    }

    /** A virtual user: its own client, cookie jar and session. */
    final class User {
        final int id;
        final HttpClient client;
        String refreshToken;
        private int rnd;

        User(int id) {
            this.id = id;
            this.rnd = 0x9E3779B9 * (id + 1);
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        void login() throws Exception {
            send(post("/login", "user=user-" + id, null), 204);
        }

        /** GET /api/oauth/authorize with the session; the code from the redirect. */
        String authorize() throws Exception {
            String location = send(get("/api/oauth/authorize?response_type=code&client_id=" + BenchServer.CLIENT_ID
                    + "&redirect_uri=" + form(BenchServer.REDIRECT) + "&scope=profile&state=s1"
                    + "&code_challenge=" + challenge() + "&code_challenge_method=S256"), 302)
                    .headers().firstValue("Location").orElseThrow();
            int start = location.indexOf("code=") + 5;
            int end = location.indexOf('&', start);
            return location.substring(start, end < 0 ? location.length() : end);
        }

        /** POST /api/oauth/token with the code; the access and refresh tokens. */
        String[] exchange(String code) throws Exception {
            String body = send(post("/api/oauth/token", "grant_type=authorization_code&code=" + code
                    + "&redirect_uri=" + form(BenchServer.REDIRECT) + "&client_id=" + BenchServer.CLIENT_ID
                    + "&code_verifier=" + VERIFIER, null), 200).body();
            return new String[] {json(body, "access_token"), json(body, "refresh_token")};
        }

        HttpRequest get(String path) {
            return HttpRequest.newBuilder(origin.resolve(path)).GET().build();
        }

        HttpRequest post(String path, String form, String authorization) {
            HttpRequest.Builder b = HttpRequest.newBuilder(origin.resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            return b.build();
        }

        HttpResponse<String> send(HttpRequest request, int expected) throws Exception {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return response;
        }

        int next(int bound) {
            int x = rnd;
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            rnd = x;
            return (x & 0x7fffffff) % bound;
        }
    }

    static String challenge() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String json(String body, String name) {
        String key = "\"" + name + "\":\"";
        int start = body.indexOf(key);
        if (start < 0) {
            throw new IllegalStateException("no " + name + " in " + body);
        }
        start += key.length();
        return body.substring(start, body.indexOf('"', start));
    }

    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("flags: --store memory|postgres --concurrency N --duration SECONDS "
                        + "--count N --warmup SECONDS --passes N --server fork|in-process --server-jvm 'OPTIONS' "
                        + "--profile DIR");
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        return flags;
    }
}
