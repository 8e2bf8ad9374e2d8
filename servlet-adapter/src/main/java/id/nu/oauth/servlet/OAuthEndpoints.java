package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthorizationServer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.util.Objects;
import java.util.Set;

/**
 * The NU.ID endpoints as one servlet, ready to mount in any Jakarta Servlet 6 container. Under the
 * base path ({@code /api} by default) it serves {@code GET /oauth/authorize},
 * {@code POST /oauth/token}, {@code POST /oauth/refreshAccessToken}, {@code POST /oauth/revoke},
 * and {@code POST /oauth/consent} (the default consent form's target). The adapter holds no OAuth
 * rule: it turns HTTP into the {@link AuthorizationServer}'s request values and back.
 *
 * <pre>{@code
 * OAuthEndpoints endpoints = OAuthEndpoints.builder(server)
 *         .basePath("/api")
 *         .userResolver(request -> (AuthenticatedUser) request.getSession().getAttribute("user"))
 *         .loginPage("/login")
 *         .build();
 * endpoints.register(servletContext);   // one servlet "nuid-oauth" at /api/*
 * }</pre>
 */
public final class OAuthEndpoints {

    /** The name of the servlet {@link #register} adds. */
    public static final String SERVLET_NAME = "nuid-oauth";

    private final String basePath;
    private final OAuthServlet servlet;

    private OAuthEndpoints(Builder b) {
        this.basePath = b.basePath;
        this.servlet = new OAuthServlet(b.server, b.userResolver, b.loginPage,
                b.consentPage != null ? b.consentPage : new DefaultConsentPage(), b.maxBodyBytes);
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
     * {@code /login}, {@link DefaultConsentPage}, 64 KiB request bodies. A user resolver is required.
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
        private int maxBodyBytes = 64 * 1024;

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
         * the authorize request>}; the page checks it with {@link ReturnUrls#isSafe} and sends the
         * browser back there after login.
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

        /** The largest POST body accepted (default 64 KiB); larger ones get 413. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
            }
            this.maxBodyBytes = maxBodyBytes;
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
