package id.nu.oauth.servlet;

import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.InMemorySigningKeys;
import id.nu.oauth.core.SigningAlgorithm;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * A host portal for resource indicators (RFC 8707), the {@code claims} parameter and
 * {@code acr_values} (OpenID Connect Core 1.0 §5.5, §3.1.2.1): clients registered with resources,
 * a claims source, advertised acr values, and a login page that reports the acr its login met
 * ({@code acr} form field) with {@link AuthenticatedUser#withAcr(String)}.
 */
final class ResourceAndAcrPortal {

    static final String APP = "app";
    static final String APP_SECRET = SecretHash.generateSecret();
    static final String APP_REDIRECT = "https://app.example.or.id/cb";
    static final String SERVICE = "service";
    static final String SERVICE_SECRET = SecretHash.generateSecret();
    static final String RS = "resource-server";
    static final String RS_SECRET = SecretHash.generateSecret();
    static final String API = "https://api.example.or.id/";
    static final String LEDGER = "https://ledger.example.or.id/";
    static final String PASSWORD = "urn:nuid:acr:password";
    static final String MFA = "urn:nuid:acr:mfa";

    final InMemorySigningKeys keys = InMemorySigningKeys.generate(SigningAlgorithm.RS256);
    final URI issuer;
    final AuthorizationServer server;
    final OAuthEndpoints endpoints;

    ResourceAndAcrPortal(URI issuer) {
        this.issuer = issuer;
        server = AuthorizationServer.builder()
                .issuer(issuer)
                .signingKeys(keys)
                .acrValuesSupported(PASSWORD, MFA)
                .claimsSource(subject -> Map.of("name", "Siti Aminah", "email", subject + "@nu.id",
                        "email_verified", true))
                .client(Client.confidential(APP, SecretHash.of(APP_SECRET)).name("App").redirectUri(APP_REDIRECT)
                        .scopes("openid", "profile", "email").firstParty(true).accessTokenFormat(AccessTokenFormat.JWT)
                        .resources(API, LEDGER).build())
                .client(Client.confidential(SERVICE, SecretHash.of(SERVICE_SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                        .scopes("reports.read").resources(API).build())
                .client(Client.confidential(RS, SecretHash.of(RS_SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                        .resourceServer(true).build())
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

    void install(ServletContext context) {
        endpoints.register(context);
        context.addServlet("login", new LoginServlet()).addMapping("/login");
        context.addFilter("ledger-api", new BearerTokenFilter(server).forResource(LEDGER))
                .addMappingForUrlPatterns(null, false, "/ledger/*");
        context.addServlet("ledger", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().write("ledger for " + ((id.nu.oauth.core.AccessTokenValidation.Active)
                        request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE)).subject());
            }
        }).addMapping("/ledger/*");
    }

    void installRoot(ServletContext context) {
        endpoints.registerWellKnown(context);
    }

    TestContainer.Mount mount() {
        return new TestContainer.Mount(this::install, this::installRoot);
    }

    /**
     * GET with a session, a safe return URL and no {@code reauth=1} goes straight back; otherwise
     * the form. POST {@code user}, optional {@code acr}: logs in now with that acr, back to
     * {@code return} if any.
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
            AuthenticatedUser user = new AuthenticatedUser(request.getParameter("user"), Instant.now());
            String acr = request.getParameter("acr");
            HttpSession session = request.getSession(true);
            session.setAttribute("user", acr == null ? user : user.withAcr(acr));
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
