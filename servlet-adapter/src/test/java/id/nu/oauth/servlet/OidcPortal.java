package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.InMemorySigningKeys;
import id.nu.oauth.core.SigningAlgorithm;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.contract.MutableClock;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A host portal for the OpenID Connect surface: its issuer is the container's real URL
 * (origin + context path + /api), it has a claims source and RS256 keys it can rotate, and a login
 * page that behaves like a real one (an existing session skips the form unless {@code reauth=1}).
 *
 * <p>The clock starts at the real time, because Nimbus checks {@code exp} and {@code iat} against
 * the real time; tests move it forward only.
 */
final class OidcPortal {

    /** A confidential relying party with opaque access tokens. */
    static final String RP = "rp";
    static final String RP_SECRET = SecretHash.generateSecret();
    static final String RP_REDIRECT = "https://rp.example.or.id/cb";
    /** A confidential relying party with RFC 9068 JWT access tokens. */
    static final String JWT_RP = "rp-jwt";
    static final String JWT_RP_SECRET = SecretHash.generateSecret();
    static final String JWT_RP_REDIRECT = "https://jwt.example.or.id/cb";
    /** A first-party public client with PKCE and rotating refresh tokens. */
    static final String SPA = "spa";
    static final String SPA_REDIRECT = "https://spa.nu.id/cb";
    /** A resource server: a confidential client that introspects other clients' access tokens (RFC 7662 §4). */
    static final String RS = "resource-server";
    static final String RS_SECRET = SecretHash.generateSecret();

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final InMemorySigningKeys keys = InMemorySigningKeys.generate(SigningAlgorithm.RS256);
    final URI issuer;
    final AuthorizationServer server;
    final OAuthEndpoints endpoints;

    OidcPortal(URI issuer) {
        this.issuer = issuer;
        server = AuthorizationServer.builder()
                .issuer(issuer)
                .clock(clock)
                .signingKeys(keys)
                .claimsSource(OidcPortal::claimsOf)
                .client(Client.confidential(RP, SecretHash.of(RP_SECRET)).name("Relying Party").redirectUri(RP_REDIRECT)
                        .scopes("openid", "profile", "email", "phone", "address").firstParty(true).build())
                .client(Client.confidential(JWT_RP, SecretHash.of(JWT_RP_SECRET)).name("JWT Relying Party")
                        .redirectUri(JWT_RP_REDIRECT).scopes("openid", "profile", "email").firstParty(true)
                        .accessTokenFormat(AccessTokenFormat.JWT).build())
                .client(Client.publicClient(SPA).name("NU SPA").redirectUri(SPA_REDIRECT)
                        .scopes("openid", "profile", "offline_access").firstParty(true).build())
                .client(Client.confidential(RS, SecretHash.of(RS_SECRET)).name("Resource Server")
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("profile").resourceServer(true).build())
                .build();
        endpoints = OAuthEndpoints.builder(server)
                .basePath("/api")
                .userResolver(request -> {
                    HttpSession session = request.getSession(false);
                    return session == null ? null : (AuthenticatedUser) session.getAttribute("user");
                })
                .loginPage("/login")
                .build();
    }

    /** Everything the host knows about a user; the server releases only what the scopes allow. */
    static Map<String, Object> claimsOf(String subject) {
        return Map.of(
                "name", "Siti Aminah", "given_name", "Siti", "family_name", "Aminah",
                "email", subject + "@nu.id", "email_verified", true,
                "phone_number", "+62 812 3456 7890", "phone_number_verified", false,
                "address", Map.of("locality", "Surabaya", "country", "ID"),
                "nik", "3578000000000001"); // a host-only claim no scope releases
    }

    /** The web application: the adapter at /api and the login page. */
    void install(ServletContext context) {
        endpoints.register(context);
        context.addServlet("login", new LoginServlet()).addMapping("/login");
    }

    /** The root context: RFC 8414 §3.1's location. */
    void installRoot(ServletContext context) {
        endpoints.registerWellKnown(context);
    }

    TestContainer.Mount mount() {
        return new TestContainer.Mount(this::install, this::installRoot);
    }

    /**
     * A login page as a real host writes it: GET with a session and a safe return URL goes straight
     * back (no form), unless {@code reauth=1} asks for the form; POST {@code user=...} logs in now
     * (by the portal's clock) and goes back to the return URL, if any.
     */
    final class LoginServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String target = request.getParameter("return");
            HttpSession session = request.getSession(false);
            boolean loggedIn = session != null && session.getAttribute("user") != null;
            boolean reauth = "1".equals(request.getParameter(OAuthEndpoints.REAUTH_PARAMETER));
            if (loggedIn && !reauth && ReturnUrls.isSafe(target)) {
                response.setStatus(302);
                response.setHeader("Location", target);
                return;
            }
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("login form");
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            String target = request.getParameter("return");
            if (target != null && !ReturnUrls.isSafe(target)) {
                response.setStatus(400);
                return;
            }
            HttpSession session = request.getSession(true);
            session.setAttribute("user", new AuthenticatedUser(request.getParameter("user"), clock.instant()));
            request.changeSessionId();
            if (target == null) {
                response.setStatus(204);
            } else {
                response.setStatus(302);
                response.setHeader("Location", target);
            }
        }
    }
}
