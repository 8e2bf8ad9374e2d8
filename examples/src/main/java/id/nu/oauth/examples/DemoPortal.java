package id.nu.oauth.examples;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.ClaimsSource;
import id.nu.oauth.core.InMemorySigningKeys;
import id.nu.oauth.micrometer.OAuthMetrics;
import id.nu.oauth.micrometer.TimedStorage;
import id.nu.oauth.servlet.BearerTokenFilter;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.client.ClientType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The demo portal, the same in every container: builds the {@link AuthorizationServer} from the
 * configuration and, as a {@link ServletContainerInitializer}, mounts everything in the servlet
 * context: the adapter's endpoints at the base path, the login page, the front page, the demo
 * client and a bearer-protected API. {@link JettyDemo} and {@link TomcatDemo} only start a container
 * and hand it this initializer.
 *
 * <p>It opens the storage the options name ({@link DemoStorage}) and closes it in {@link #close()},
 * which the container's owner calls after the container has stopped.
 *
 * <pre>{@code
 * DemoPortal portal = new DemoPortal(DemoConfig.builtIn(), URI.create("http://127.0.0.1:8080"),
 *         DemoOptions.defaults(), "Jetty 12");
 * jettyContext.addServletContainerInitializer(portal);    // or tomcatContext.addServletContainerInitializer(portal, null)
 * ...
 * portal.close();                                         // after the container stopped
 * }</pre>
 */
final class DemoPortal implements ServletContainerInitializer, AutoCloseable {

    static final String BUILT_IN_SOURCE = "built-in configuration";
    /** The built-in demo user, as written in {@code default-config.json}. */
    static final String DEMO_USERNAME = "demo";
    static final String DEMO_PASSWORD = "demo-password";

    private final DemoConfig config;
    private final URI origin;
    private final String basePath;
    private final String containerName;
    private final URI issuer;
    private final DemoStorage storage;
    private final AuthorizationServer server;
    private final UserDirectory users;
    private final DemoTls tls;
    /** The DPoP + PAR + private_key_jwt client of the walk-through at {@value StrongClientServlet#PATH}. */
    private final StrongClient strongClient;
    /** The engine's events and storage latency, served at {@value MetricsServlet#PATH}. */
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /**
     * Opens the storage and builds the server (registering the configured clients in the store).
     *
     * @param origin where the server listens, {@code http://127.0.0.1:<port>}: the issuer is
     *     {@code origin + basePath} unless the options name one
     * @throws DemoStorage.StorageException if the storage cannot be opened (one-line message)
     */
    DemoPortal(DemoConfig config, URI origin, DemoOptions options, String containerName)
            throws DemoStorage.StorageException {
        this(config, origin, options, containerName, null);
    }

    /**
     * The same for a container that serves https with {@code tls} ({@code origin} is then
     * {@code https://127.0.0.1:<port>}): the demo client trusts its certificate, and the session cookie
     * is {@code Secure}.
     *
     * @param tls the key store the container serves https with, or {@code null} for plain http
     */
    DemoPortal(DemoConfig config, URI origin, DemoOptions options, String containerName, DemoTls tls)
            throws DemoStorage.StorageException {
        this.config = config;
        this.tls = tls;
        this.origin = origin;
        this.basePath = options.basePath();
        this.containerName = containerName;
        this.issuer = options.issuerFor(origin);
        // read (or make) the key file before opening the storage: a bad file then leaves nothing open
        InMemorySigningKeys signingKeys = options.signingKeys() == null ? null
                : DemoSigningKeys.loadOrCreate(options.signingKeys());
        this.storage = DemoStorage.open(options.storage(), System::getenv);
        this.users = new UserDirectory(config.users());
        this.strongClient = StrongClient.generate(origin, origin + basePath, issuer);
        try {
            // the users' claims from the configuration file, for the UserInfo endpoint (OIDC Core §5.3);
            // the server releases only those the token's scopes allow (§5.4)
            ClaimsSource claims = subject -> users.bySubject(subject).map(DemoUser::claims).orElse(Map.of());
            AuthorizationServer.Builder builder = AuthorizationServer.builder().issuer(issuer)
                    .storage(TimedStorage.wrap(storage.storage(), metrics))
                    .eventListener(OAuthMetrics.create(metrics))
                    .claimsSource(claims);
            if (signingKeys != null) {
                builder.signingKeys(signingKeys);
            }
            // the strong client's walk-through: its key is made now and registered inline; the token
            // endpoint asks DPoP clients for server nonces (RFC 9449 §8), with a secret of this start
            // (keeping the keys other nodes or earlier starts registered in a shared store)
            builder.client(strongClient.registration(storage.storage().clients().find(StrongClient.CLIENT_ID)
                    .map(c -> c.keys().jwks()).orElse(null)));
            byte[] nonceSecret = new byte[32];
            new java.security.SecureRandom().nextBytes(nonceSecret);
            builder.dpopNonces(nonceSecret);
            if (tls != null) {
                // back-channel logout tokens go to the demo client's https receiver: trust the demo's
                // own (self-signed) certificate and nothing else; certificate checks stay on
                builder.backChannelLogoutSslContext(tls.clientContext());
            }
            for (DemoConfig.ConfiguredClient c : config.clients()) {
                builder.client(DemoClientServlet.registration(c.client(), origin));
            }
            this.server = builder.build();
        } catch (RuntimeException e) {
            storage.close();
            throw new DemoStorage.StorageException("cannot register the clients in the " + storage.spec().describe()
                    + ": " + DemoStorage.firstLine(e), e);
        }
    }

    /**
     * Stops the engine's background work (back-channel logout deliveries), the purge job and the
     * database pool; call it after the container stopped.
     */
    @Override
    public void close() {
        try {
            server.close();
            storage.close();
        } finally {
            DemoTls.forget(origin);
        }
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE)); // never a session id in a URL
        context.setSessionTimeout(30);
        SessionCookieConfig cookie = context.getSessionCookieConfig();
        cookie.setName("NUIDDEMO" + origin.getPort()); // cookies ignore ports: two demos must not share one
        cookie.setHttpOnly(true);
        cookie.setSecure(tls != null); // over https: never sent over plain http
        cookie.setPath("/");
        cookie.setAttribute("SameSite", "Lax");

        OAuthEndpoints endpoints = OAuthEndpoints.builder(server)
                .basePath(basePath)
                .userResolver(Sessions::currentUser)
                .loginPage("/login")
                // OpenID Connect logout at /api/oauth/logout ends the portal's own sign-in too
                .logoutHandler((request, response, user) -> Sessions.signOutOfPortal(request))
                .build();
        endpoints.register(context);
        if (!basePath.isEmpty()) {
            // RFC 8414 §3.1's own location, /.well-known/oauth-authorization-server/api, at the origin's root
            // (with --base-path / the base-path servlet already answers at that very path)
            endpoints.registerWellKnown(context);
        }

        context.addServlet("home", new HomeServlet(this)).addMapping("");
        context.addServlet("login", new LoginServlet(users, server)).addMapping("/login", "/logout");
        context.addServlet("connected-apps", new ConnectedAppsServlet(server, users))
                .addMapping(ConnectedAppsServlet.PATH);
        if (tls != null) {
            tls.trustFor(origin); // the demo client's calls to this portal trust its certificate
        }
        context.addServlet("demo-client", new DemoClientServlet(origin, basePath, issuer, config.clients(), users))
                .addMapping(DemoClientServlet.PATH + "/*");
        context.addServlet("strong-client", new StrongClientServlet(strongClient, users, origin))
                .addMapping(StrongClientServlet.PATH + "/*");
        context.addServlet("resource", new ResourceServlet(users)).addMapping(ResourceServlet.PATH);
        context.addServlet("metrics", new MetricsServlet(metrics)).addMapping(MetricsServlet.PATH);
        context.addFilter("bearer-token", new BearerTokenFilter(server, ResourceServlet.REQUIRED_SCOPE))
                .addMappingForUrlPatterns(null, false, ResourceServlet.PATH);
        context.addFilter("canonical-host", new CanonicalHostFilter(origin))
                .addMappingForUrlPatterns(null, false, "", "/login", ConnectedAppsServlet.PATH,
                        DemoClientServlet.PATH + "/*", StrongClientServlet.PATH + "/*");
    }

    /** What the console shows once the server is up. */
    String banner() {
        String api = origin + basePath;
        StringBuilder out = new StringBuilder();
        out.append("\nnuid-oauth demo portal is running (embedded ").append(containerName).append(").\n\n");
        out.append("  Portal:       ").append(origin).append("/\n");
        out.append("  Demo client:  ").append(origin).append(DemoClientServlet.PATH).append("/\n");
        out.append("  Strong client: ").append(origin).append(StrongClientServlet.PATH)
                .append("/  (DPoP + PAR + private_key_jwt, step by step)\n");
        out.append("  OAuth API:    ").append(api).append("/oauth/authorize  (GET, POST)\n");
        out.append("                ").append(api).append("/oauth/token, /oauth/refreshAccessToken, /oauth/revoke, /oauth/introspect  (POST)\n");
        out.append("  OpenID:       ").append(api).append("/oauth/userinfo, /oauth/jwks, /.well-known/openid-configuration\n");
        out.append("  Logout:       ").append(api).append("/oauth/logout  (GET, POST; back-channel logout to each client)\n");
        if (config.source().equals(BUILT_IN_SOURCE)) {
            out.append("  Sign in as:   username ").append(DEMO_USERNAME).append(", password ").append(DEMO_PASSWORD)
                    .append("\n");
        } else {
            out.append("  Users:        ").append(config.users().stream().map(DemoUser::username)
                    .collect(Collectors.joining(", "))).append("  (passwords as in ").append(config.source())
                    .append(")\n");
        }
        out.append("  Clients:      ").append(config.clients().stream()
                .map(c -> c.client().clientId() + " (" + label(c.client().type()) + ")")
                .collect(Collectors.joining(", "))).append('\n');
        if (tls != null) {
            out.append("  TLS:          ").append(tls.file()).append(tls.created() ? "  (made now)" : "")
                    .append("\n                certificate ").append(tls.certificate().getSubjectX500Principal().getName())
                    .append(", SHA-256 ").append(tls.fingerprint()).append('\n');
        }
        if (!issuer.toString().equals(api)) {
            out.append("  Issuer:       ").append(issuer).append("  (--issuer; the same on every node)\n");
        }
        if (storage.persistent()) {
            out.append("  Storage:      ").append(storage.spec().describe()).append('\n');
            out.append("\nClients, codes, grants, tokens and consents are kept there: tokens survive a restart.\n")
                    .append("Sign-in sessions are in memory: after a restart, users sign in again. Press Ctrl+C to stop.\n");
        } else {
            out.append("\nIn-memory storage: everything is forgotten when it stops (see --storage). Press Ctrl+C to stop.\n");
        }
        return out.toString();
    }

    private static String label(ClientType type) {
        if (type == ClientType.LEGACY_PUBLIC) {
            return "legacy public";
        }
        return type == ClientType.PUBLIC ? "public, PKCE" : "confidential";
    }

    /**
     * Where the demo also serves the RFC 8414 metadata at the origin's root (§3.1:
     * {@code /.well-known/oauth-authorization-server} + the issuer's path), or {@code null} when the
     * base path is the root (then the adapter's own servlet answers there).
     */
    String rfc8414Path() {
        if (basePath.isEmpty()) {
            return null;
        }
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return "/.well-known/oauth-authorization-server" + path;
    }

    URI origin() {
        return origin;
    }

    /** The TLS key store, or {@code null} over plain http. */
    DemoTls tls() {
        return tls;
    }

    String basePath() {
        return basePath;
    }

    URI issuer() {
        return issuer;
    }

    DemoStorage storage() {
        return storage;
    }

    String containerName() {
        return containerName;
    }

    DemoConfig config() {
        return config;
    }

    UserDirectory users() {
        return users;
    }

    AuthorizationServer server() {
        return server;
    }
}
