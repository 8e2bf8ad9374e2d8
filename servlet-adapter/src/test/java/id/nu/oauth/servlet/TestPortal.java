package id.nu.oauth.servlet;

import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.contract.MutableClock;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;

/**
 * A tiny host portal: a login page that puts the user in the session, a resolver that reads it,
 * the adapter at /api, and two APIs behind {@link BearerTokenFilter}.
 */
final class TestPortal {

    static final String LEGACY = "legacy-app";
    static final String LEGACY_REDIRECT = "https://app.example.or.id/cb";
    static final String LEGACY_NAME = "Aplikasi <Lama> & \"Co\"";
    static final String MOBILE = "mobile-app";
    static final String MOBILE_REDIRECT = "id.nu.app:/cb";
    static final String PORTAL = "portal";
    static final String PORTAL_SECRET = SecretHash.generateSecret();
    static final String PORTAL_REDIRECT = "https://portal.example.or.id/callback";
    static final String FIRST_PARTY = "nu-home";
    static final String FIRST_PARTY_REDIRECT = "https://home.nu.id/cb";
    static final String MACHINE = "machine";
    static final String MACHINE_SECRET = SecretHash.generateSecret();
    /** A public client with a key that signs its request objects (RFC 9101); it may also push (RFC 9126). */
    static final String SIGNER = "signer-app";
    static final String SIGNER_REDIRECT = "https://signer.example.or.id/cb";
    static final com.nimbusds.jose.jwk.ECKey SIGNER_KEY = signerKey();
    /** A confidential client that must push its authorization requests (RFC 9126 §6). */
    static final String BANK = "bank-app";
    static final String BANK_SECRET = SecretHash.generateSecret();
    static final String BANK_REDIRECT = "https://bank.example.or.id/cb";
    static final String FAULT_HEADER = "X-Test-Fault";
    /** A private_key_jwt client (RFC 7523) and its key, which a test signs assertions with. */
    static final String KEYED = "keyed-app";
    static final com.nimbusds.jose.jwk.ECKey KEYED_KEY = keyedKey();
    static final int MAX_BODY = 4096;
    /** The host's client secret encryption key, and a client_secret_jwt client sealed under it (RFC 7523 §2.2). */
    static final byte[] CLIENT_SECRET_KEY = java.util.Base64.getUrlDecoder().decode(SecretHash.generateSecret());
    static final String HMAC = "hmac-app";
    static final String HMAC_SECRET = SecretHash.generateSecret();
    static final String HMAC_REDIRECT = "https://hmac.example.or.id/cb";
    /** The initial access token of dynamic client registration (RFC 7591 §3). */
    static final String REGISTRATION_TOKEN = SecretHash.generateSecret();
    /** Stands for the language a user chose in the portal (a session setting, a cookie). */
    static final String PORTAL_LANGUAGE_HEADER = "X-Test-Portal-Language";

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T03:00:00Z"));
    final AuthorizationServer server;
    final OAuthEndpoints endpoints;

    TestPortal() {
        server = AuthorizationServer.builder()
                .issuer(URI.create("https://nu.id/api"))
                .clock(clock)
                .maxRequestBodyBytes(MAX_BODY)
                .client(Client.legacyPublicClient(LEGACY).name(LEGACY_NAME).redirectUri(LEGACY_REDIRECT)
                        .scopes("openid", "profile", "email", "nu:kajian").defaultScopes("profile").build())
                .client(Client.publicClient(MOBILE).name("NU Mobile").redirectUri(MOBILE_REDIRECT)
                        .scopes("openid", "profile", "email", "offline_access").build())
                .client(Client.confidential(PORTAL, SecretHash.of(PORTAL_SECRET)).name("Portal Mitra")
                        .redirectUri(PORTAL_REDIRECT).scopes("profile", "email").build())
                .client(Client.publicClient(FIRST_PARTY).name("NU Home").redirectUri(FIRST_PARTY_REDIRECT)
                        .scopes("profile").firstParty(true).build())
                .client(Client.publicClient(SIGNER).name("Signer").redirectUri(SIGNER_REDIRECT).scopes("profile")
                        .jwks(new com.nimbusds.jose.jwk.JWKSet(SIGNER_KEY.toPublicJWK()).toString())
                        .requirements(new ClientRequirements(false, true, false, false)).build())
                .client(Client.confidential(BANK, SecretHash.of(BANK_SECRET)).name("Bank").redirectUri(BANK_REDIRECT)
                        .scopes("profile").requirements(new ClientRequirements(true, false, false, false)).build())
                .client(Client.confidential(MACHINE, SecretHash.of(MACHINE_SECRET)).name("Machine")
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("profile").build())
                .client(Client.confidentialWithKeys(KEYED, id.nu.oauth.client.ClientKeys.inline(
                                new com.nimbusds.jose.jwk.JWKSet(KEYED_KEY.toPublicJWK()).toString()))
                        .name("Keyed").grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("profile").build())
                .clientSecretEncryptionKey(CLIENT_SECRET_KEY)
                .client(Client.confidential(HMAC, SecretHash.of(HMAC_SECRET)).name("HMAC")
                        .authMethods(id.nu.oauth.client.ClientAuthMethod.CLIENT_SECRET_JWT)
                        .sealedSecret(id.nu.oauth.core.ClientSecretSeal.withKey(CLIENT_SECRET_KEY).seal(HMAC, HMAC_SECRET))
                        .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS)
                        .redirectUri(HMAC_REDIRECT).scopes("profile").build())
                .dynamicRegistration(id.nu.oauth.core.DynamicRegistration.initialAccessTokens(REGISTRATION_TOKEN)
                        .scopes("openid", "profile"))
                .build();
        endpoints = OAuthEndpoints.builder(server)
                .basePath("/api")
                .userResolver(request -> {
                    if (request.getHeader(FAULT_HEADER) != null) {
                        throw new IllegalStateException("host fault with a secret inside: s3cr3t");
                    }
                    HttpSession session = request.getSession(false);
                    return session == null ? null : (AuthenticatedUser) session.getAttribute("user");
                })
                .loginPage("/login")
                .messages("org.example.portal.messages")              // adds Javanese (jv)
                .portalName("Portal <NU> Jatim")
                .logoUrl("/img/logo.svg")
                .brandColor("#1A5C8E")
                .switchAccountUrl("/logout")
                .userDisplayName((request, user) -> user.subject().replace("user-", "Pengguna "))
                .portalLocale(request -> request.getHeader(PORTAL_LANGUAGE_HEADER) == null ? null
                        : Locale.forLanguageTag(request.getHeader(PORTAL_LANGUAGE_HEADER)))
                .build();
    }

    private static com.nimbusds.jose.jwk.ECKey keyedKey() {
        return ecKey("keyed-1");
    }

    private static com.nimbusds.jose.jwk.ECKey signerKey() {
        return ecKey("signer-1");
    }

    private static com.nimbusds.jose.jwk.ECKey ecKey(String kid) {
        try {
            return new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID(kid)
                    .generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the host does at start-up. */
    void install(ServletContext context) {
        endpoints.register(context);
        context.addServlet("login", new LoginServlet()).addMapping("/login");
        context.addServlet("logout", new LogoutServlet()).addMapping("/logout");
        context.addServlet("me", new MeServlet()).addMapping("/me", "/any");
        FilterRegistration.Dynamic profile = context.addFilter("bearer-profile", new BearerTokenFilter(server, "profile"));
        profile.addMappingForUrlPatterns(null, false, "/me");
        FilterRegistration.Dynamic any = context.addFilter("bearer-any", new BearerTokenFilter(server));
        any.addMappingForUrlPatterns(null, false, "/any");
    }

    /** The host's login page: POST user=...&return=... logs in and goes back, if the return URL is safe. */
    final class LoginServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("login page");
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String target = request.getParameter("return");
            if (target != null && !ReturnUrls.isSafe(target)) {
                response.sendError(400, "unsafe return URL");
                return;
            }
            HttpSession session = request.getSession(true);
            session.setAttribute("user", new AuthenticatedUser(request.getParameter("user"), clock.instant()));
            request.changeSessionId(); // session fixation defence, as a real host does
            if (target == null) {
                response.setStatus(204);
            } else {
                response.setStatus(302);
                response.setHeader("Location", target);
            }
        }
    }

    /** Logs out but keeps the session (and with it the CSRF token). */
    static final class LogoutServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute("user");
            }
            response.setStatus(204);
        }
    }

    /** A host API: says whose token it was. */
    static final class MeServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            AccessTokenValidation.Active token =
                    (AccessTokenValidation.Active) request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("subject=" + token.subject() + " client=" + token.clientId());
        }
    }
}
