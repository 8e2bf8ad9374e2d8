package id.nu.oauth.testkit;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The servlet adapter serving an {@link OAuthTestServer}'s engine over real HTTP, from an
 * in-process Jetty bound to {@code 127.0.0.1} on a free port: for tests of the host's HTTP client
 * code (a mobile SDK, a portal's OAuth client) against the real endpoints. Obtained from
 * {@link OAuthTestServer#http()}, stopped by {@link OAuthTestServer#close()}.
 *
 * <p>Logging in: {@code GET /login?return=...} is a bare test login form (any user name, no
 * password) whose {@code POST /login} logs the user in and returns; or {@link #loginAs(String)}
 * makes every request without a session count as that user. The consent page is the adapter's
 * default one; clients marked first-party skip it. The engine's issuer stays the one the server was
 * built with (it is an identifier, not this address).
 *
 * <pre>{@code
 * OAuthTestServer server = OAuthTestServer.create();
 * server.register(Client.publicClient("app").redirectUri("http://127.0.0.1/cb").scopes("profile").firstParty(true).build());
 * HttpTestServer http = server.http().loginAs("alice");
 * URI authorize = http.authorizeUri();     // http://127.0.0.1:PORT/api/oauth/authorize
 * URI token = http.tokenUri();             // http://127.0.0.1:PORT/api/oauth/token
 * }</pre>
 */
public final class HttpTestServer {

    private final URI origin;
    private final String basePath;
    private final AutoCloseable container;
    private final AtomicReference<String> autoLogin;

    HttpTestServer(URI origin, String basePath, AutoCloseable container, AtomicReference<String> autoLogin) {
        this.origin = origin;
        this.basePath = basePath;
        this.container = container;
        this.autoLogin = autoLogin;
    }

    static HttpTestServer start(OAuthTestServer server) {
        try {
            Class.forName("org.eclipse.jetty.ee10.servlet.ServletContextHandler", false,
                    HttpTestServer.class.getClassLoader());
            Class.forName("id.nu.oauth.servlet.OAuthEndpoints", false, HttpTestServer.class.getClassLoader());
        } catch (ClassNotFoundException missing) {
            throw new IllegalStateException("OAuthTestServer.http() needs nuid-oauth-servlet, "
                    + "org.eclipse.jetty:jetty-server and org.eclipse.jetty.ee10:jetty-ee10-servlet "
                    + "on the test classpath", missing);
        }
        return JettyHost.start(server);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI origin() {
        return origin;
    }

    /** The endpoints' base, {@code http://127.0.0.1:PORT/api}. */
    public URI baseUri() {
        return URI.create(origin + basePath);
    }

    /** {@code GET /api/oauth/authorize}. */
    public URI authorizeUri() {
        return URI.create(baseUri() + "/oauth/authorize");
    }

    /** {@code POST /api/oauth/token}. */
    public URI tokenUri() {
        return URI.create(baseUri() + "/oauth/token");
    }

    /** {@code POST /api/oauth/refreshAccessToken}. */
    public URI refreshAccessTokenUri() {
        return URI.create(baseUri() + "/oauth/refreshAccessToken");
    }

    /** {@code POST /api/oauth/revoke}. */
    public URI revokeUri() {
        return URI.create(baseUri() + "/oauth/revoke");
    }

    /** The test login page, {@code http://127.0.0.1:PORT/login}. */
    public URI loginUri() {
        return URI.create(origin + "/login");
    }

    /**
     * Treats every request with no logged-in session as this user's ({@code null}: nobody), so an
     * HTTP client can go from authorize to the code by following redirects.
     */
    public HttpTestServer loginAs(String subject) {
        autoLogin.set(subject);
        return this;
    }

    void stop() {
        try {
            container.close();
        } catch (Exception e) {
            throw new IllegalStateException("the test HTTP server did not stop", e);
        }
    }

    @Override
    public String toString() {
        return "HttpTestServer[" + Objects.toString(origin) + "]";
    }
}
