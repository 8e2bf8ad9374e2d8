package id.nu.oauth.bench.http;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.servlet.BearerTokenFilter;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import id.nu.oauth.storage.memory.InMemoryStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The portal the load driver talks to: embedded Jetty 12 (ee10) on 127.0.0.1, the servlet adapter
 * at {@code /api/*} (the NU.ID endpoints), a bearer-protected resource, a hello-world servlet for
 * the container's ceiling, and a login that puts a user in the session. The store is in memory or
 * PostgreSQL (zonky's embedded server, HikariCP pool).
 *
 * <ul>
 * <li>{@code POST /login} — logs in {@code user} (form) for this session; 204</li>
 * <li>{@code GET /api/oauth/authorize}, {@code POST /api/oauth/token}, {@code /api/oauth/revoke} — the adapter</li>
 * <li>{@code GET /resource/me} — behind {@link BearerTokenFilter}: validation over HTTP</li>
 * <li>{@code POST /api/oauth/introspect}, {@code GET /api/oauth/jwks} — the adapter too</li>
 * <li>{@code GET /hello} — a plain servlet answering {@code hello}: the baseline; {@code POST /hello}
 *     reads a form and answers a token-response-sized JSON with its headers: HTTP alone for a
 *     request of a token request's shape</li>
 * <li>{@code GET /bench/cpu} — this process's CPU time (ns), the bytes its threads have allocated, its
 *     GC count and GC time (ms), one line, space-separated: what the driver reads before and after a
 *     phase to charge the server's own work to each operation</li>
 * <li>{@code POST /bench/jfr?action=start|stop&file=...} — starts or stops (and dumps) a JFR recording
 *     ({@code profile} settings) in this process: the driver profiles one phase at a time</li>
 * </ul>
 *
 * <p>{@link #main} runs it alone (what {@link LoadDriver} does by default, so the driver's own work is
 * not in the server's CPU time): it prints {@code BENCH-SERVER <origin> <resource-server-secret>} once
 * listening, then serves until killed.
 */
public final class BenchServer implements AutoCloseable {

    public static final String CLIENT_ID = "bench-app";
    public static final String REDIRECT = "https://app.example.or.id/cb";
    public static final String RESOURCE_SERVER = "resource-server";

    /** The embedded PostgreSQL's postmaster, whose processes' CPU {@code /bench/cpu} reports; -1: none. */
    private static volatile long postmasterPid = -1;

    private final Server jetty;
    private final URI origin;
    private final AutoCloseable database;
    private final String resourceServerSecret;

    private BenchServer(Server jetty, URI origin, AutoCloseable database, String resourceServerSecret) {
        this.jetty = jetty;
        this.origin = origin;
        this.database = database;
        this.resourceServerSecret = resourceServerSecret;
    }

    /**
     * Starts on 127.0.0.1 at {@code port} (0: a free one) with {@code store} "memory", "postgres", or
     * "postgres-async-commit": PostgreSQL with {@code synchronous_commit=off}, an experiment that shows
     * what the commit's WAL flush costs (not a setting to run an authorization server with: a crash could
     * lose the last tokens issued).
     */
    public static BenchServer start(int port, String store) throws Exception {
        AutoCloseable database = () -> { };
        Storage storage;
        if (store.equals("memory")) {
            storage = InMemoryStorage.create();
        } else if (store.equals("postgres") || store.equals("postgres-async-commit")) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "100");
            if (store.equals("postgres-async-commit")) {
                builder.setServerConfig("synchronous_commit", "off");
            }
            EmbeddedPostgres pg = builder.start();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres");
            config.setMaximumPoolSize(16);
            HikariDataSource pool = new HikariDataSource(config);
            storage = JdbcStorage.postgres(pool).createSchema();
            try (java.sql.Connection c = pool.getConnection(); java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SHOW data_directory")) {
                rs.next();
                postmasterPid = id.nu.oauth.bench.pg.ProcessCpu.postmasterPid(java.nio.file.Path.of(rs.getString(1)));
            }
            database = () -> {
                pool.close();
                pg.close();
            };
        } else {
            throw new IllegalArgumentException("--store memory, postgres or postgres-async-commit, not " + store);
        }
        Server jetty = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // an experiment's knob (-Dbench.headerCacheSize=N in --server-jvm): the size of Jetty's
        // per-connection cache of parsed header fields (Jetty's default 1024)
        Integer headerCache = Integer.getInteger("bench.headerCacheSize");
        if (headerCache != null) {
            http.setHeaderCacheSize(headerCache);
        }
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        connector.open();
        URI origin = URI.create("http://127.0.0.1:" + connector.getLocalPort());

        String secret = SecretHash.generateSecret();
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create(origin + "/api"))
                .storage(storage)
                .codeLifetime(Duration.ofMinutes(10)) // the driver redeems codes in a later phase
                .client(Client.publicClient(CLIENT_ID).name("Bench App").redirectUri(REDIRECT)
                        .scopes("openid", "profile").defaultScopes("profile").firstParty(true)
                        .refreshPolicy(RefreshPolicy.ROTATE).build())
                .client(Client.confidential(RESOURCE_SERVER, SecretHash.of(secret)).name("Resource server")
                        .redirectUri("https://rs.example.or.id/unused").scopes("profile")
                        .grantTypes(id.nu.oauth.client.GrantType.CLIENT_CREDENTIALS)
                        .resourceServer(true).build()) // introspects Bench App's access tokens (RFC 7662 §4)
                .build();

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        OAuthEndpoints endpoints = OAuthEndpoints.builder(server).basePath("/api")
                .userResolver(BenchServer::sessionUser).loginPage("/login").build();
        context.addServlet(new ServletHolder(OAuthEndpoints.SERVLET_NAME, endpoints.servlet()), endpoints.mapping());
        context.addServlet(new ServletHolder(new Login()), "/login");
        context.addServlet(new ServletHolder(new Hello()), "/hello");
        context.addServlet(new ServletHolder(new Me()), "/resource/me");
        context.addFilter(new FilterHolder(new BearerTokenFilter(server, "profile")), "/resource/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Cpu()), "/bench/cpu");
        context.addServlet(new ServletHolder(new Profile()), "/bench/jfr");
        jetty.setHandler(context);
        jetty.start();
        return new BenchServer(jetty, origin, database, secret);
    }

    public URI origin() {
        return origin;
    }

    /** The secret of {@link #RESOURCE_SERVER}, which introspects. */
    public String resourceServerSecret() {
        return resourceServerSecret;
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        database.close();
    }

    private static AuthenticatedUser sessionUser(HttpServletRequest request) {
        var session = request.getSession(false);
        return session == null ? null : (AuthenticatedUser) session.getAttribute("user");
    }

    /** Logs in the user named in the form for this session (a benchmark's login: no password). */
    static final class Login extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            String user = req.getParameter("user");
            req.getSession(true).setAttribute("user", new AuthenticatedUser(user == null ? "user-1" : user,
                    Instant.now()));
            resp.setStatus(204);
        }
    }

    /** The ceiling: the cheapest servlet the container can serve. */
    static final class Hello extends HttpServlet {
        private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setContentLength(HELLO.length);
            resp.getOutputStream().write(HELLO);
        }

        /**
         * A request and answer of a token request's shape without the OAuth work: reads the form
         * body, answers a JSON object of about the size of a token response with the same headers.
         * What HTTP itself costs for such a request.
         */
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] buffer = new byte[256];
            var in = req.getInputStream();
            while (in.read(buffer) >= 0) {
                // the form is read and dropped
            }
            resp.setContentType("application/json;charset=UTF-8");
            resp.setHeader("Cache-Control", "no-store");
            resp.setHeader("Pragma", "no-cache");
            resp.setContentLength(TOKEN_SHAPED.length);
            resp.getOutputStream().write(TOKEN_SHAPED);
        }

        private static final byte[] TOKEN_SHAPED = ("{\"access_token\":\"" + "a".repeat(43) + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":900,\"refresh_token\":\"" + "r".repeat(43) + "\",\"scope\":\"profile\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A resource behind the bearer filter: answers with the token's subject. */
    static final class Me extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            var token = (id.nu.oauth.core.AccessTokenValidation.Active) req.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
            byte[] body = ("{\"sub\":\"" + token.subject() + "\"}").getBytes(StandardCharsets.UTF_8);
            resp.setContentType("application/json");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    /**
     * GET /bench/cpu: {@code <process CPU ns> <bytes allocated by all threads> <GC count> <GC ms>
     * <PostgreSQL CPU ns or -1> <GC threads' CPU ns> <JIT compiler threads' CPU ns> <all threads' CPU ns>}
     * (the last three from {@link ThreadCpu}, -1 off Linux).
     * The process CPU time counts every thread (Jetty's, the GC's, the JIT's); the allocated bytes are
     * HotSpot's per-thread TLAB counters summed ({@code com.sun.management.ThreadMXBean}). The
     * PostgreSQL figure is the postmaster's and its children's CPU from {@code /proc} (10 ms ticks;
     * {@link id.nu.oauth.bench.pg.ProcessCpu}).
     */
    static final class Cpu extends HttpServlet {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            long gcCount = 0;
            long gcMillis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcCount += Math.max(0, gc.getCollectionCount());
                gcMillis += Math.max(0, gc.getCollectionTime());
            }
            long pid = postmasterPid;
            long database = pid < 0 ? -1 : id.nu.oauth.bench.pg.ProcessCpu.treeNanos(pid);
            ThreadCpu.Split threads = ThreadCpu.read();
            byte[] body = (OS.getProcessCpuTime() + " " + THREADS.getTotalThreadAllocatedBytes() + " " + gcCount + " "
                    + gcMillis + " " + database + " " + threads.gcNanos() + " " + threads.jitNanos() + " "
                    + threads.allNanos()).getBytes(StandardCharsets.US_ASCII);
            resp.setContentType("text/plain");
            resp.setHeader("Cache-Control", "no-store");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    /** POST /bench/jfr?action=start, then ?action=stop&amp;file=PATH: one JFR recording ("profile" settings) at a time. */
    static final class Profile extends HttpServlet {
        private Recording recording;

        @Override
        protected synchronized void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                if ("start".equals(req.getParameter("action"))) {
                    if (recording != null) {
                        recording.close();
                    }
                    recording = new Recording(Configuration.getConfiguration("profile"));
                    // one sample per millisecond and thread (the "profile" settings take one per 10 ms):
                    // enough samples in a phase of a few seconds on two cores
                    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                    recording.start();
                } else if ("stop".equals(req.getParameter("action")) && recording != null) {
                    recording.stop();
                    recording.dump(Path.of(req.getParameter("file")));
                    recording.close();
                    recording = null;
                } else {
                    resp.setStatus(400);
                    return;
                }
            } catch (java.text.ParseException e) {
                throw new IOException(e);
            }
            resp.setStatus(204);
        }
    }

    /**
     * Runs the server alone: {@code --store memory|postgres|postgres-async-commit} (memory),
     * {@code --port N} (0: a free one). Prints {@code BENCH-SERVER <origin> <secret>} when it listens.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> flags = LoadDriver.flags(args);
        BenchServer server = start(Integer.parseInt(flags.getOrDefault("port", "0")), flags.getOrDefault("store", "memory"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // going down anyway
            }
        }));
        System.out.println("BENCH-SERVER " + server.origin() + " " + server.resourceServerSecret());
        System.out.flush();
        server.join();
    }
}
