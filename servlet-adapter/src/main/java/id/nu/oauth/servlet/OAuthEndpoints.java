package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthorizationServer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NU.ID endpoints as one servlet, ready to mount in any Jakarta Servlet 6 container. Under the
 * base path ({@code /api} by default) it serves {@code GET /oauth/authorize},
 * {@code POST /oauth/token}, {@code POST /oauth/refreshAccessToken}, {@code POST /oauth/revoke},
 * {@code POST /oauth/introspect} (RFC 7662), {@code GET}/{@code POST /oauth/userinfo} (OpenID
 * Connect Core 1.0 §5.3), {@code GET /oauth/jwks} (RFC 7517), the metadata documents
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414) and
 * {@code GET /.well-known/openid-configuration} (OpenID Connect Discovery 1.0), and
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

    private static final Logger LOG = LoggerFactory.getLogger(OAuthEndpoints.class);

    private final AuthorizationServer server;
    private final String basePath;
    private final OAuthServlet servlet;
    private final WellKnownServlet wellKnownServlet;

    private OAuthEndpoints(Builder b) {
        this.server = b.server;
        this.basePath = b.basePath;
        this.wellKnownServlet = new WellKnownServlet(b.server);
        this.servlet = new OAuthServlet(b.server, b.userResolver, b.loginPage,
                b.consentPage != null ? b.consentPage : new DefaultConsentPage());
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
     * {@code /login}, {@link DefaultConsentPage}. A user resolver is required. (The largest request body is the
     * engine's: {@code AuthorizationServer.Builder.maxRequestBodyBytes}.)
     *
     * <pre>{@code
     * OAuthEndpoints.builder(server).userResolver(resolver).loginPage("/masuk").build();
     * }</pre>
     */
    public static final class Builder {
        private final AuthorizationServer server;
        private String basePath = "/api";
        private UserResolver userResolver;
        private String loginPage = "/login";
        private ConsentPage consentPage;

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

        /** The endpoints. */
        public OAuthEndpoints build() {
            if (userResolver == null) {
                throw new IllegalStateException("userResolver(...) is required");
            }
            return new OAuthEndpoints(this);
        }
    }
}
