package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NU.ID endpoints as one servlet, ready to mount in any Jakarta Servlet 6 container. Under the
 * base path ({@code /api} by default) it serves {@code GET /oauth/authorize},
 * {@code POST /oauth/token}, {@code POST /oauth/refreshAccessToken}, {@code POST /oauth/revoke},
 * {@code POST /oauth/introspect} (RFC 7662), {@code GET}/{@code POST /oauth/userinfo} (OpenID
 * Connect Core 1.0 §5.3), {@code GET /oauth/jwks} (RFC 7517), the metadata documents
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414) and
 * {@code GET /.well-known/openid-configuration} (OpenID Connect Discovery 1.0),
 * {@code GET}/{@code POST /oauth/logout} (OpenID Connect RP-Initiated Logout 1.0: a confirmation
 * page when needed, then the host's {@link LogoutHandler}), and
 * {@code POST /oauth/consent} (the default consent form's target). The adapter holds no OAuth
 * rule: it turns HTTP into the {@link AuthorizationServer}'s request values and back.
 *
 * <p>The server's issuer should be the public URL of the base path (origin + context path + base
 * path): the metadata names every endpoint under it.
 *
 * <pre>{@code
 * OAuthEndpoints endpoints = OAuthEndpoints.builder(server)
 *         .basePath("/api")
 *         .userResolver(request -> (AuthenticatedUser) request.getSession().getAttribute("user"))
 *         .loginPage("/login")
 *         .build();
 * endpoints.register(servletContext);            // one servlet "nuid-oauth" at /api/*
 * endpoints.registerWellKnown(servletContext);   // optional, root context only: RFC 8414 §3.1's
 *                                                // /.well-known/oauth-authorization-server/api
 * }</pre>
 */
public final class OAuthEndpoints {

    /** The name of the servlet {@link #register} adds. */
    public static final String SERVLET_NAME = "nuid-oauth";

    /** The name of the servlet {@link #registerWellKnown} adds. */
    public static final String WELL_KNOWN_SERVLET_NAME = "nuid-oauth-well-known";

    /**
     * The login page parameter ({@code reauth=1}) that says the user must authenticate again
     * although the host may have a session ({@code prompt=login} or {@code max_age}, OpenID Connect
     * Core 1.0 §3.1.2.1): show the login form, do not skip it.
     */
    public static final String REAUTH_PARAMETER = OAuthServlet.REAUTH_PARAMETER;

    /**
     * The login page parameter ({@code acr_values=a b}) naming the authentication context classes
     * the client asked the login to meet, most preferred first (OpenID Connect Core 1.0 §3.1.2.1,
     * §5.5.1.1): run a login that meets one and report it with {@code AuthenticatedUser.withAcr}.
     * With {@code reauth=1} too, it is a step-up of a user who is logged in.
     */
    public static final String ACR_PARAMETER = OAuthServlet.ACR_PARAMETER;

    private static final Logger LOG = LoggerFactory.getLogger(OAuthEndpoints.class);

    private final AuthorizationServer server;
    private final String basePath;
    private final OAuthServlet servlet;
    private final WellKnownServlet wellKnownServlet;

    private OAuthEndpoints(Builder b) {
        this.server = b.server;
        this.basePath = b.basePath;
        this.wellKnownServlet = new WellKnownServlet(b.server);
        Pages pages = b.pages();
        this.servlet = new OAuthServlet(b.server, b.userResolver, b.loginPage,
                b.consentPage == null || b.consentPage instanceof DefaultConsentPage
                        ? new DefaultConsentPage(pages) : b.consentPage, pages, b.logoutHandler,
                b.certificateHeader);
    }

    /** Starts configuring the endpoints for this server. */
    public static Builder builder(AuthorizationServer server) {
        return new Builder(server);
    }

    /**
     * Adds the servlet {@value #SERVLET_NAME} mapped to {@code basePath + "/*"}. Call it while the
     * context is being initialised (a {@code ServletContainerInitializer}, a
     * {@code ServletContextListener}, or Spring Boot's {@code ServletContextInitializer}).
     *
     * @throws IllegalStateException if a servlet of that name exists or the mapping is taken
     */
    public void register(ServletContext context) {
        Objects.requireNonNull(context, "context");
        ServletRegistration.Dynamic registration = context.addServlet(SERVLET_NAME, servlet);
        if (registration == null) {
            throw new IllegalStateException("a servlet named " + SERVLET_NAME + " is already registered");
        }
        Set<String> conflicts = registration.addMapping(mapping());
        if (!conflicts.isEmpty()) {
            throw new IllegalStateException("the mapping " + mapping() + " is already taken");
        }
        registration.setLoadOnStartup(1);
        String served = context.getContextPath() + basePath;
        if (!served.equals(issuerPath())) {
            LOG.warn("nuid-oauth: the issuer {} has the path \"{}\" but the endpoints are served at \"{}\" "
                    + "in this web application; the metadata names URLs under the issuer, so they are only "
                    + "right if a proxy maps them here", server.issuer(), issuerPath(), served);
        }
    }

    /**
     * The location RFC 8414 §3.1 derives from the issuer, relative to the origin's root:
     * {@code /.well-known/oauth-authorization-server} followed by the issuer's path, e.g.
     * {@code /.well-known/oauth-authorization-server/api} for issuer {@code https://nu.id/api}.
     * {@link #register} already serves the same document under the base path
     * ({@code /api/.well-known/oauth-authorization-server}); clients that follow RFC 8414 to the
     * letter look here.
     */
    public String wellKnownPath() {
        return "/.well-known/oauth-authorization-server" + issuerPath();
    }

    /**
     * A servlet that answers {@code GET} with the RFC 8414 metadata at whatever path it is mapped
     * to ({@code Cache-Control: public, max-age=3600}; other methods 405), for a host that mounts
     * {@link #wellKnownPath()} its own way, e.g. in another web application at the root context
     * or as a Spring {@code ServletRegistrationBean}.
     */
    public HttpServlet wellKnownServlet() {
        return wellKnownServlet;
    }

    /**
     * Adds the servlet {@value #WELL_KNOWN_SERVLET_NAME} mapped to {@link #wellKnownPath()}. The
     * path is relative to the origin's root, so {@code context} must be the root context (context
     * path {@code ""}); a web application deployed elsewhere mounts {@link #wellKnownServlet()} in
     * the root application instead, or leaves the location to its reverse proxy.
     *
     * @throws IllegalStateException if the context is not the root context, a servlet of that
     *     name exists or the mapping is taken
     */
    public void registerWellKnown(ServletContext context) {
        Objects.requireNonNull(context, "context");
        if (!context.getContextPath().isEmpty()) {
            throw new IllegalStateException("RFC 8414 §3.1's location is at the origin's root: register it in the "
                    + "root context, not in " + context.getContextPath());
        }
        ServletRegistration.Dynamic registration = context.addServlet(WELL_KNOWN_SERVLET_NAME, wellKnownServlet);
        if (registration == null) {
            throw new IllegalStateException("a servlet named " + WELL_KNOWN_SERVLET_NAME + " is already registered");
        }
        if (!registration.addMapping(wellKnownPath()).isEmpty()) {
            throw new IllegalStateException("the mapping " + wellKnownPath() + " is already taken");
        }
    }

    /** The issuer's path without a trailing slash ("" for an issuer at the origin's root). */
    private String issuerPath() {
        String path = server.issuer().getRawPath();
        if (path == null) {
            return "";
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /**
     * The servlet itself, for a host that mounts it its own way; map it to {@code basePath() + "/*"}
     * (the paths it serves are read from {@code getPathInfo()}).
     */
    public HttpServlet servlet() {
        return servlet;
    }

    /** The base path, such as {@code /api} (empty for the context root). */
    public String basePath() {
        return basePath;
    }

    /** The servlet mapping {@link #register} uses: {@code basePath() + "/*"}. */
    public String mapping() {
        return basePath + "/*";
    }

    /**
     * Configures {@link OAuthEndpoints}. Defaults: base path {@code /api}, login page
     * {@code /login}, {@link DefaultConsentPage}, pages in Bahasa Indonesia unless the request
     * asks for another shipped language, branded "NU.ID" in green. A user resolver is required.
     * (The largest request body is the engine's: {@code AuthorizationServer.Builder.maxRequestBodyBytes}.)
     *
     * <pre>{@code
     * OAuthEndpoints.builder(server).userResolver(resolver).loginPage("/masuk")
     *         .messages("org.example.portal.messages")        // messages_jv.properties, messages_su.properties
     *         .portalName("Portal PWNU").logoUrl("/img/logo.svg").brandColor("#0b6b3a")
     *         .switchAccountUrl("/logout")
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final AuthorizationServer server;
        private String basePath = "/api";
        private UserResolver userResolver;
        private String loginPage = "/login";
        private ConsentPage consentPage;
        private final List<Map.Entry<String, ClassLoader>> bundles = new ArrayList<>();
        private String portalName = Pages.DEFAULT_PORTAL_NAME;
        private String logoUrl;
        private String brandColor = Pages.DEFAULT_COLOR;
        private String switchAccountUrl;
        private Function<HttpServletRequest, Locale> portalLocale = request -> null;
        private Locale defaultLocale = Messages.INDONESIAN;
        private BiFunction<HttpServletRequest, AuthenticatedUser, String> displayName = (request, user) -> user.subject();
        private LogoutHandler logoutHandler = LogoutHandler.INVALIDATE_SESSION;
        private String certificateHeader;

        private Builder(AuthorizationServer server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /**
         * Where the endpoints live inside the web application: {@code "/api"} (the default), a
         * longer path such as {@code "/sso/api"}, or {@code ""} for the context root. No trailing
         * slash, no wildcard.
         */
        public Builder basePath(String basePath) {
            Objects.requireNonNull(basePath, "basePath");
            if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/")
                    || basePath.contains("*") || basePath.contains("//") || !ReturnUrls.isSafe(basePath))) {
                throw new IllegalArgumentException("basePath must be \"\" or like \"/api\" (no trailing slash)");
            }
            this.basePath = basePath;
            return this;
        }

        /** Who is logged in (required); {@code null} from the resolver means nobody. */
        public Builder userResolver(UserResolver userResolver) {
            this.userResolver = Objects.requireNonNull(userResolver, "userResolver");
            return this;
        }

        /**
         * The host's login page. A path starting with {@code /} is inside the web application (the
         * context path is put in front of it); an {@code https://} or {@code http://} URL is used
         * as it is. The adapter sends the browser to {@code loginPage?return=<path and query of
         * the authorize request>}, with {@code &reauth=1} added when the user must log in again
         * although logged in ({@code prompt=login}, {@code max_age}); the page checks the return
         * URL with {@link ReturnUrls#isSafe}, shows its form (always when {@code reauth=1}), and
         * sends the browser back there after login. The engine itself refuses a login older than
         * the hand-off when the browser comes back, so a page that skips the form only loops.
         */
        public Builder loginPage(String loginPage) {
            Objects.requireNonNull(loginPage, "loginPage");
            boolean path = ReturnUrls.isSafe(loginPage);
            boolean absolute = loginPage.startsWith("https://") || loginPage.startsWith("http://");
            if (!path && !absolute || loginPage.contains("#")) {
                throw new IllegalArgumentException("loginPage must be a path like \"/login\" or an http(s) URL");
            }
            this.loginPage = loginPage;
            return this;
        }

        /** Replaces the built-in {@link DefaultConsentPage}. */
        public Builder consentPage(ConsentPage consentPage) {
            this.consentPage = Objects.requireNonNull(consentPage, "consentPage");
            return this;
        }

        /**
         * Adds a resource bundle of page texts, consulted before the built-in ones (of several
         * added, the first added wins). A host adds a language
         * ({@code org/example/portal/messages_jv.properties}, UTF-8, with the keys of the built-in
         * {@code id/nu/oauth/servlet/messages.properties}; missing keys fall back to the built-in
         * Bahasa Indonesia) or rewords a text. Found with the calling thread's context class loader
         * (on the module path: in a package the host's module opens).
         *
         * @param baseName the bundle's base name, such as {@code "org.example.portal.messages"}
         */
        public Builder messages(String baseName) {
            Objects.requireNonNull(baseName, "baseName");
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            bundles.add(Map.entry(baseName, loader != null ? loader : OAuthEndpoints.class.getClassLoader()));
            return this;
        }

        /** The portal's name on the pages ("NU.ID" by default), as in "... asks for access to your NU.ID account". */
        public Builder portalName(String portalName) {
            Objects.requireNonNull(portalName, "portalName");
            if (portalName.isBlank() || portalName.length() > 100 || portalName.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("portalName must be 1 to 100 printable characters");
            }
            this.portalName = portalName.strip();
            return this;
        }

        /**
         * The portal's logo at the top of the pages: a path inside the web application
         * ({@code /img/logo.svg}; the context path goes in front) or an {@code https://} URL (its
         * origin is added to the pages' {@code img-src}).
         */
        public Builder logoUrl(String logoUrl) {
            Objects.requireNonNull(logoUrl, "logoUrl");
            boolean path = ReturnUrls.isSafe(logoUrl);
            boolean https = logoUrl.matches("https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[^\\s\"'<>;#]*");
            if (!path && !https || logoUrl.contains("#")) {
                throw new IllegalArgumentException("logoUrl must be a path like \"/img/logo.svg\" or an https URL");
            }
            this.logoUrl = logoUrl;
            return this;
        }

        /** The portal's colour for the buttons, links and frame: {@code #rrggbb} (default {@code #0b6b3a}). */
        public Builder brandColor(String brandColor) {
            Objects.requireNonNull(brandColor, "brandColor");
            if (!brandColor.matches("#[0-9A-Fa-f]{6}")) {
                throw new IllegalArgumentException("brandColor must be like #0b6b3a");
            }
            this.brandColor = brandColor.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Where "not you?" on the consent page leads (the host's logout or switch-account page): a
         * path inside the web application or an http(s) URL, as for {@link #loginPage}. Without
         * it the page says who is signed in but offers no link.
         */
        public Builder switchAccountUrl(String switchAccountUrl) {
            Objects.requireNonNull(switchAccountUrl, "switchAccountUrl");
            boolean path = ReturnUrls.isSafe(switchAccountUrl);
            boolean absolute = switchAccountUrl.startsWith("https://") || switchAccountUrl.startsWith("http://");
            if (!path && !absolute || switchAccountUrl.contains("#")) {
                throw new IllegalArgumentException("switchAccountUrl must be a path like \"/logout\" or an http(s) URL");
            }
            this.switchAccountUrl = switchAccountUrl;
            return this;
        }

        /**
         * The name "signed in as ..." shows for a user (default: the user's subject); {@code null}
         * or blank falls back to the subject. Called only for a signed-in user.
         */
        public Builder userDisplayName(BiFunction<HttpServletRequest, AuthenticatedUser, String> displayName) {
            this.displayName = Objects.requireNonNull(displayName, "displayName");
            return this;
        }

        /**
         * The language the user chose in the portal (say, from the session or a cookie), or
         * {@code null} for none. The pages' language is the first supported of: the request's
         * {@code ui_locales} (OpenID Connect Core 1.0 §3.1.2.1), this choice, {@code Accept-Language},
         * {@link #defaultLocale}.
         */
        public Builder portalLocale(Function<HttpServletRequest, Locale> portalLocale) {
            this.portalLocale = Objects.requireNonNull(portalLocale, "portalLocale");
            return this;
        }

        /**
         * The pages' language when nothing in the request names a supported one (default
         * Bahasa Indonesia); it must have texts (built in: {@code id}, {@code en}, {@code ar}).
         */
        public Builder defaultLocale(Locale defaultLocale) {
            this.defaultLocale = Objects.requireNonNull(defaultLocale, "defaultLocale");
            return this;
        }

        /**
         * The host's hook that ends its own session when a user signs out at
         * {@code /oauth/logout} (OpenID Connect RP-Initiated Logout 1.0); by default
         * {@link LogoutHandler#INVALIDATE_SESSION}.
         */
        public Builder logoutHandler(LogoutHandler logoutHandler) {
            this.logoutHandler = Objects.requireNonNull(logoutHandler, "logoutHandler");
            return this;
        }

        /**
         * For a deployment behind a TLS-terminating proxy: the request header in which the proxy
         * passes the client's TLS certificate as URL-encoded PEM (nginx:
         * {@code proxy_set_header X-Client-Cert $ssl_client_escaped_cert;}), used for mutual-TLS
         * client authentication and certificate-bound tokens (RFC 8705) when the container itself
         * saw no client certificate. Off by default.
         *
         * <p><b>Dangerous unless the proxy always sets or removes this header</b>: a client that can
         * reach the application with its own header of that name can claim any certificate, and
         * so authenticate as any {@code tls_client_auth} client and use any certificate-bound token.
         * Enable it only when every request passes through the proxy, and the proxy overwrites the
         * header (with an empty value when there is no certificate).
         *
         * <pre>{@code
         * OAuthEndpoints.builder(server).userResolver(resolver)
         *         .trustedClientCertificateHeader("X-Client-Cert")
         *         .build();
         * }</pre>
         */
        public Builder trustedClientCertificateHeader(String headerName) {
            if (headerName != null && (headerName.isBlank() || !headerName.chars().allMatch(
                    c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0))) {
                throw new IllegalArgumentException("not a header name (RFC 9110 section 5.1): " + headerName);
            }
            this.certificateHeader = headerName;
            return this;
        }

        /** The endpoints. */
        public OAuthEndpoints build() {
            if (userResolver == null) {
                throw new IllegalStateException("userResolver(...) is required");
            }
            return new OAuthEndpoints(this);
        }

        private Pages pages() {
            Messages messages = new Messages(bundles);
            Locale fallback = messages.supported(defaultLocale);
            if (fallback == null) {
                throw new IllegalStateException("defaultLocale " + defaultLocale.toLanguageTag() + " has no message bundle");
            }
            return new Pages(messages, portalName, logoUrl, brandColor, switchAccountUrl, portalLocale, fallback,
                    displayName);
        }
    }
}
