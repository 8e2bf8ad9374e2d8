package id.nu.oauth.bench.http;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * and logged-in session, send requests back to back (closed loop). Phases, each measured alone:
 *
 * <ol>
 * <li>{@code authorize}: GET /api/oauth/authorize with the session (first-party client, PKCE S256) → 302 with a code</li>
 * <li>{@code exchange}: POST /api/oauth/token, grant_type=authorization_code, redeeming those codes</li>
 * <li>{@code validate}: GET /resource/me with {@code Authorization: Bearer} (BearerTokenFilter → validateAccessToken)</li>
 * <li>{@code introspect}: POST /bench/introspect (RFC 7662, Basic-authenticated resource server)</li>
 * <li>{@code refresh}: POST /api/oauth/token, grant_type=refresh_token, rotating (each user follows its chain)</li>
 * <li>{@code revoke}: POST /api/oauth/revoke with a refresh token (revokes its grant)</li>
 * <li>{@code hello}: GET /hello, a plain servlet: the ceiling of container + driver (run first and last)</li>
 * </ol>
 *
 * Prints ops/s and p50/p90/p99 latency per phase and each rate as a share of hello's (the mean of
 * its two runs). Server and driver share this JVM and the machine's cores, for hello as for the rest.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.http.LoadDriver --store memory --concurrency 4 --duration 10
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.http.LoadDriver --store postgres --concurrency 8 --duration 10
 * </pre>
 */
public final class LoadDriver {

    static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9sbenchmarkverifier0123456789";

    private final URI origin;
    private final String introspectAuthorization;
    private final int concurrency;
    private final Duration duration;
    private final long count;
    private final List<User> users = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> codes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String[]> tokens = new ConcurrentLinkedQueue<>();

    LoadDriver(URI origin, String resourceServerSecret, int concurrency, Duration duration, long count)
            throws Exception {
        if (!"127.0.0.1".equals(origin.getHost()) && !"localhost".equals(origin.getHost())) {
            throw new IllegalArgumentException("loopback only: " + origin);
        }
        this.origin = origin;
        this.introspectAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                (form(BenchServer.RESOURCE_SERVER) + ":" + form(resourceServerSecret)).getBytes(StandardCharsets.UTF_8));
        this.concurrency = concurrency;
        this.duration = duration;
        this.count = count;
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
        String store = flags.getOrDefault("store", "memory");
        long started = System.nanoTime();
        try (BenchServer server = BenchServer.start(0, store)) {
            System.out.printf(Locale.ROOT, "server: Jetty 12 ee10 on %s, store %s, started in %d ms; %s%n",
                    server.origin(), store, (System.nanoTime() - started) / 1_000_000, Load.describe());
            System.out.printf(Locale.ROOT, "driver: java.net.http, %d users, phases of %d s or %,d requests%n",
                    concurrency, duration.toSeconds(), count);
            if (!warmup.isZero()) {
                new LoadDriver(server.origin(), server.resourceServerSecret(), concurrency, warmup, count).runAll(false);
            }
            new LoadDriver(server.origin(), server.resourceServerSecret(), concurrency, duration, count).runAll(true);
        }
    }

    void runAll(boolean print) throws Exception {
        for (User u : users) {
            u.login();
        }
        List<Stats> all = new ArrayList<>();
        // hello first and last: the ceiling is their mean, so a change of load during the run
        // weighs on both sides of the comparison
        Step hello = u -> {
            u.send(u.get("/hello"), 200);
            return true;
        };
        all.add(run("hello", hello));
        all.add(run("authorize", u -> {
            String location = u.send(u.get("/api/oauth/authorize?response_type=code&client_id=" + BenchServer.CLIENT_ID
                    + "&redirect_uri=" + form(BenchServer.REDIRECT) + "&scope=profile&state=s1"
                    + "&code_challenge=" + challenge() + "&code_challenge_method=S256"), 302)
                    .headers().firstValue("Location").orElseThrow();
            int start = location.indexOf("code=") + 5;
            int end = location.indexOf('&', start);
            codes.add(location.substring(start, end < 0 ? location.length() : end));
            return true;
        }));
        all.add(run("exchange", u -> {
            String code = codes.poll();
            if (code == null) {
                return false;
            }
            String body = u.send(u.post("/api/oauth/token", "grant_type=authorization_code&code=" + code
                    + "&redirect_uri=" + form(BenchServer.REDIRECT) + "&client_id=" + BenchServer.CLIENT_ID
                    + "&code_verifier=" + VERIFIER, null), 200).body();
            tokens.add(new String[] {json(body, "access_token"), json(body, "refresh_token")});
            return true;
        }));
        String[][] issued = tokens.toArray(new String[0][]);
        if (issued.length < concurrency + 1) {
            throw new IllegalStateException("too few tokens issued (" + issued.length + ") to go on");
        }
        all.add(run("validate", u -> {
            String access = issued[u.next(issued.length)][0];
            u.send(HttpRequest.newBuilder(origin.resolve("/resource/me"))
                    .header("Authorization", "Bearer " + access).GET().build(), 200);
            return true;
        }));
        all.add(run("introspect", u -> {
            String access = issued[u.next(issued.length)][0];
            String body = u.send(u.post("/bench/introspect", "token=" + access, introspectAuthorization), 200).body();
            if (!body.contains("\"active\":true")) {
                throw new IllegalStateException("inactive: " + body);
            }
            return true;
        }));
        for (User u : users) {
            u.refreshToken = issued[u.id][1];
        }
        all.add(run("refresh", u -> {
            String body = u.send(u.post("/api/oauth/token", "grant_type=refresh_token&refresh_token="
                    + u.refreshToken + "&client_id=" + BenchServer.CLIENT_ID, null), 200).body();
            u.refreshToken = json(body, "refresh_token");
            return true;
        }));
        AtomicLong nextToRevoke = new AtomicLong(concurrency);
        all.add(run("revoke", u -> {
            long i = nextToRevoke.getAndIncrement();
            if (i >= issued.length) {
                return false;
            }
            u.send(u.post("/api/oauth/revoke", "token=" + issued[(int) i][1], null), 200);
            return true;
        }));
        all.add(run("hello", hello));
        if (print) {
            print(all);
        }
    }

    /** One step done by one user; false when there is nothing left to do. */
    @FunctionalInterface
    interface Step {
        boolean run(User user) throws Exception;
    }

    Stats run(String name, Step step) throws InterruptedException {
        AtomicLong started = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(users.size());
        long[][] latencies = new long[users.size()][];
        int[] sizes = new int[users.size()];
        long[] errors = new long[users.size()];
        String[] firstError = new String[1];
        long t0 = System.nanoTime();
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
        return new Stats(name, total, elapsed, all, errorCount, firstError[0]);
    }

    record Stats(String name, int ops, long elapsedNanos, long[] sorted, long errors, String firstError) {
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
    }

    static void print(List<Stats> all) {
        double hello = all.stream().filter(s -> s.name().equals("hello")).mapToDouble(Stats::perSecond)
                .average().orElseThrow();
        System.out.printf(Locale.ROOT, "%-11s %9s %10s %9s %9s %9s %8s %7s%n", "step", "requests", "req/s", "p50 ms",
                "p90 ms", "p99 ms", "of hello", "errors");
        for (Stats s : all) {
            System.out.printf(Locale.ROOT, "%-11s %9d %10.0f %9.2f %9.2f %9.2f %7.0f%% %7d%n", s.name(), s.ops(),
                    s.perSecond(), s.percentileMillis(0.50), s.percentileMillis(0.90), s.percentileMillis(0.99),
                    100 * s.perSecond() / hello, s.errors());
            if (s.firstError() != null) {
                System.out.println("    first error: " + s.firstError());
            }
        }
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
                        + "--count N --warmup SECONDS");
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        return flags;
    }
}
