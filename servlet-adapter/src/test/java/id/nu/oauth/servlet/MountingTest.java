package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.client.Client;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mounting {@link OAuthEndpoints#servlet()} by hand (as in the README's Jetty snippet), a longer
 * base path, an absolute login page URL, and a custom {@link ConsentPage}.
 */
class MountingTest {

    private Server jetty;

    @AfterEach
    void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    @Test
    void servletMountedByHandWithCustomConsentPage() throws Exception {
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://nu.id/sso/api"))
                .client(Client.legacyPublicClient("app").name("App").redirectUri("https://app.example/cb")
                        .scopes("profile").build())
                .build();
        AuthenticatedUser[] loggedIn = {null};
        ConsentPage custom = (view, request, response) -> {
            response.setContentType("text/html;charset=UTF-8");
            PrintWriter out = response.getWriter();
            out.print("<p>custom page for " + view.clientId() + " " + view.scopes() + "</p>");
            out.print("<form method=\"post\" action=\"" + view.formAction() + "\">");
            view.hiddenFields().forEach((name, values) -> values.forEach(value -> out.print(
                    "<input type=\"hidden\" name=\"" + name + "\" value=\"" + value + "\">")));
            out.print("</form>");
        };
        OAuthEndpoints endpoints = OAuthEndpoints.builder(server)
                .basePath("/sso/api")
                .userResolver(request -> loggedIn[0])
                .loginPage("https://login.nu.id/masuk?lang=id")
                .consentPage(custom)
                .build();

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder(endpoints.servlet()), endpoints.mapping());
        jetty.setHandler(context);
        jetty.start();
        TestContainer view = new TestContainer() {
            @Override
            public URI origin() {
                return URI.create("http://127.0.0.1:" + connector.getLocalPort());
            }

            @Override
            public String contextPath() {
                return "";
            }

            @Override
            public void close() {
            }
        };
        Browser b = new Browser(view);
        String authorize = "/sso/api/oauth/authorize?response_type=code&client_id=app&state=s";

        HttpResponse<String> r = b.get(authorize);
        assertThat(r.statusCode()).isEqualTo(302);
        URI login = URI.create(r.headers().firstValue("Location").orElseThrow());
        assertThat(login.getHost()).isEqualTo("login.nu.id");
        assertThat(Browser.query(login)).containsEntry("lang", "id").containsEntry("return", authorize);

        loggedIn[0] = new AuthenticatedUser("u1", Instant.now());
        r = b.get(authorize);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("custom page for app [profile]");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
        Browser.Form form = Browser.Form.parse(r.body());
        assertThat(form.action()).isEqualTo("/sso/api/oauth/consent");
        r = b.postFormAt(form.action(), form.body(ConsentView.APPROVE));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("https://app.example/cb?code=");

        // Paths outside the mapping are not the adapter's.
        assertThat(b.get("/api/oauth/authorize").statusCode()).isEqualTo(404);
        assertThat(b.get("/sso/api/oauth/authorize").headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/html");
    }

    @Test
    void registeringTwiceIsRefused() throws Exception {
        AuthorizationServer server = AuthorizationServer.builder().issuer(URI.create("https://nu.id/api")).build();
        OAuthEndpoints endpoints = OAuthEndpoints.builder(server).userResolver(r -> null).build();
        Throwable[] failure = {null};
        jetty = new Server();
        ServletContextHandler context = new ServletContextHandler();
        context.addServletContainerInitializer((classes, sc) -> {
            endpoints.register(sc);
            try {
                endpoints.register(sc);
            } catch (IllegalStateException expected) {
                failure[0] = expected;
            }
        });
        jetty.setHandler(context);
        jetty.start();
        assertThat(failure[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("nuid-oauth");
        assertThatThrownBy(() -> endpoints.register(null)).isInstanceOf(NullPointerException.class);
    }

    /** RFC 8414 §3.1's location is relative to the origin: only the root context can serve it. */
    @Test
    void wellKnownOnlyInTheRootContext() throws Exception {
        AuthorizationServer server = AuthorizationServer.builder().issuer(URI.create("https://nu.id/portal/api")).build();
        OAuthEndpoints endpoints = OAuthEndpoints.builder(server).userResolver(r -> null).build();
        Throwable[] failure = {null};
        jetty = new Server();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/portal");
        context.addServletContainerInitializer((classes, sc) -> {
            endpoints.register(sc);
            try {
                endpoints.registerWellKnown(sc);
            } catch (IllegalStateException expected) {
                failure[0] = expected;
            }
        });
        jetty.setHandler(context);
        jetty.start();
        assertThat(failure[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("root context");
    }
}
