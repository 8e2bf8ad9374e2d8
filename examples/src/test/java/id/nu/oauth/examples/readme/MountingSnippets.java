package id.nu.oauth.examples.readme;

import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.servlet.BearerTokenFilter;
import id.nu.oauth.servlet.JettyErrorHandler;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.servlet.ReturnUrls;
import id.nu.oauth.servlet.TomcatErrorReportValve;
import id.nu.oauth.client.Client;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;

/** The README's and the servlet adapter README's mounting snippets, compiled as they are shown. */
final class MountingSnippets {

    private MountingSnippets() {
    }

    static OAuthEndpoints endpoints(AuthorizationServer server) {
        OAuthEndpoints endpoints = OAuthEndpoints.builder(server)
                .basePath("/api")
                .userResolver(request -> {                                // who is logged in, or null: nobody
                    HttpSession s = request.getSession(false);
                    return s == null ? null : (AuthenticatedUser) s.getAttribute("user");
                })
                .loginPage("/login")          // gets ?return=<same-origin URL>; check it with ReturnUrls.isSafe
                .build();                     // and ?reauth=1 when prompt=login or max_age asks to sign in again
                                              // (the engine refuses an older login on the way back anyway)
        return endpoints;
    }

    static OAuthEndpoints adapterReadme() {
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .client(Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb").scopes("profile").build())
                .build();

        OAuthEndpoints endpoints = OAuthEndpoints.builder(server)
                .basePath("/api")                                   // default
                .userResolver(request -> {                          // who is logged in, or null
                    HttpSession s = request.getSession(false);
                    return s == null ? null : (AuthenticatedUser) s.getAttribute("user");
                })
                .loginPage("/login")                                // context-relative path, or an https:// URL
                .build();
        return endpoints;
    }

    static void jetty(OAuthEndpoints endpoints) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addServletContainerInitializer((classes, servletContext) -> endpoints.register(servletContext));
    }

    static void jettyWithWellKnown(OAuthEndpoints endpoints, Server server) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addServletContainerInitializer((classes, servletContext) -> {
            endpoints.register(servletContext);
            endpoints.registerWellKnown(servletContext);   // root context only (optional)
        });
        // or, without an initializer:
        // context.addServlet(new ServletHolder(endpoints.servlet()), endpoints.mapping());
        // context.addServlet(new ServletHolder(endpoints.wellKnownServlet()), endpoints.wellKnownPath());
        server.setHandler(context);
    }

    static void tomcat(OAuthEndpoints endpoints, Tomcat tomcat, String baseDir) {
        Context context = tomcat.addContext("", baseDir);
        context.addServletContainerInitializer((classes, servletContext) -> endpoints.register(servletContext), null);
    }

    static void wellKnown(OAuthEndpoints endpoints, ServletContext rootServletContext) {
        endpoints.registerWellKnown(rootServletContext);     // maps endpoints.wellKnownPath()
    }

    static void bearerFilter(AuthorizationServer server, ServletContext servletContext) {
        servletContext.addFilter("profile-api", new BearerTokenFilter(server, "profile"))
                .addMappingForUrlPatterns(null, false, "/me/*");
        // in the servlet: (AccessTokenValidation.Active) request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE)
    }

    static AccessTokenValidation.Active bearerFilterInTheAdapterReadme(AuthorizationServer server,
            ServletContext servletContext, HttpServletRequest request) {
        FilterRegistration.Dynamic f = servletContext.addFilter("profile-api", new BearerTokenFilter(server, "profile"));
        f.addMappingForUrlPatterns(null, false, "/me/*");

        // behind the filter:
        AccessTokenValidation.Active token =
                (AccessTokenValidation.Active) request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
        return token;
    }

    static void loginPageAfterLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String target = request.getParameter("return");
        response.sendRedirect(ReturnUrls.isSafe(target) ? target : request.getContextPath() + "/");
    }

    static void loginPage(HttpServletRequest request, HttpServletResponse response, boolean loggedIn, String target)
            throws IOException {
        boolean reauth = "1".equals(request.getParameter(OAuthEndpoints.REAUTH_PARAMETER));
        if (loggedIn && !reauth && ReturnUrls.isSafe(target)) {
            response.sendRedirect(target);               // already logged in: straight back
            return;
        }
        showLoginForm(request, response);
    }

    private static void showLoginForm(HttpServletRequest request, HttpServletResponse response) {
        // the host's own page
    }

    static void containerErrors(Server server, Tomcat tomcat) {
        // Jetty 12: on the Server (bad messages go to the server's error handler, not a context's)
        JettyErrorHandler.install(server, "/api");     // after adding the connectors; also turns off Server: Jetty(...)

        // Tomcat 11 embedded: on the host, before tomcat.start()
        TomcatErrorReportValve.install(tomcat.getHost(), "/api");
    }
}
