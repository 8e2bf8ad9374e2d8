package id.nu.oauth.testkit;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.servlet.JettyErrorHandler;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.servlet.ReturnUrls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts Jetty for {@link HttpTestServer}. The only class of the kit that names Jetty or the
 * servlet API, loaded only when {@link OAuthTestServer#http()} is called.
 */
final class JettyHost {

    static final String USER_ATTRIBUTE = "id.nu.oauth.testkit.user";

    private JettyHost() {
    }

    static HttpTestServer start(OAuthTestServer server) {
        AtomicReference<String> autoLogin = new AtomicReference<>();
        OAuthEndpoints endpoints = OAuthEndpoints.builder(server.engine())
                .userResolver(request -> {
                    HttpSession session = request.getSession(false);
                    Object user = session == null ? null : session.getAttribute(USER_ATTRIBUTE);
                    if (user instanceof AuthenticatedUser logged) {
                        return logged;
                    }
                    String subject = autoLogin.get();
                    return subject == null ? null : new AuthenticatedUser(subject, server.now());
                })
                .loginPage("/login")
                .build();
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        JettyErrorHandler.install(jetty, endpoints.basePath()); // Jetty's own refusals as the adapter answers them
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder(endpoints.servlet()), endpoints.mapping());
        context.addServlet(new ServletHolder(new LoginServlet(server)), "/login");
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                e.addSuppressed(ignored);
            }
            throw new IllegalStateException("the test HTTP server did not start", e);
        }
        URI origin = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return new HttpTestServer(origin, endpoints.basePath(), jetty::stop, autoLogin);
    }

    /** A bare login: any user name, no password. For tests only. */
    static final class LoginServlet extends HttpServlet {

        private final transient OAuthTestServer server;

        LoginServlet(OAuthTestServer server) {
            this.server = server;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String target = request.getParameter("return");
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            byte[] page = ("<!doctype html><html><head><title>Test login</title></head><body>"
                    + "<form method=\"post\" action=\"/login\">"
                    + "<input type=\"hidden\" name=\"return\" value=\"" + escape(target == null ? "/" : target) + "\">"
                    + "<label>User <input name=\"username\" autofocus></label>"
                    + "<button type=\"submit\">Log in</button></form></body></html>").getBytes(StandardCharsets.UTF_8);
            response.setContentLength(page.length);
            response.getOutputStream().write(page);
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.setCharacterEncoding("UTF-8");
            String subject = request.getParameter("username");
            if (subject == null || subject.isBlank()) {
                response.sendError(400, "username is required");
                return;
            }
            HttpSession session = request.getSession(true);
            request.changeSessionId();
            session.setAttribute(USER_ATTRIBUTE, new AuthenticatedUser(subject, server.now()));
            String target = request.getParameter("return");
            response.setStatus(303);
            response.setHeader("Location", ReturnUrls.isSafe(target) ? target : "/");
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                    .replace("'", "&#39;");
        }
    }
}
