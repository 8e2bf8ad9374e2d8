package id.nu.oauth.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A container on 127.0.0.1 and a random port with the adapter's container error handler installed
 * for {@code contextPath + "/api"}, and one servlet answering every path of the web application
 * with 200 {@code ok} (so a well-formed request shows the handler leaves real answers alone), except
 * paths ending in {@code /boom}, where it throws an exception with a secret in its message, and in
 * {@code /busy}, where it calls {@code sendError(503, secret)}.
 */
interface ErrorHandlingHost {

    /** The port on 127.0.0.1. */
    int port();

    /** Stops the container. */
    void stop() throws Exception;

    /** Starts a host of some kind. */
    @FunctionalInterface
    interface Kind {
        /** Starts it; {@code installHandler} false leaves the container's own answers, to compare. */
        ErrorHandlingHost start(String contextPath, boolean installHandler) throws Exception;
    }

    /** What the servlet's exception says; no answer may show it. */
    String SECRET = "secret-detail-1f6c";

    /** 200 {@code ok} for everything but {@code .../boom} and {@code .../busy}. */
    final class Ok extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getRequestURI().endsWith("/boom")) {
                throw new IllegalStateException(SECRET);
            }
            if (request.getRequestURI().endsWith("/busy")) {
                response.sendError(503, SECRET);
                return;
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain;charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    /** Jetty 12, an ee10 servlet context; {@link JettyErrorHandler#install} at the server. */
    static ErrorHandlingHost jetty(String contextPath, boolean installHandler) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        if (installHandler) {
            JettyErrorHandler.install(server, contextPath + "/api");
        }
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
        context.addServlet(new ServletHolder(new Ok()), "/*");
        server.setHandler(context);
        server.start();
        return new ErrorHandlingHost() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void stop() throws Exception {
                server.stop();
            }
        };
    }

    /** Tomcat 11 embedded; {@link TomcatErrorReportValve#install} on the host. */
    static ErrorHandlingHost tomcat(String contextPath, boolean installHandler) throws Exception {
        TestContainer.Quiet.TOMCAT.setLevel(java.util.logging.Level.WARNING);
        Path base = Files.createTempDirectory("nuid-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        if (installHandler) {
            TomcatErrorReportValve.install(tomcat.getHost(), contextPath + "/api");
        }
        Context context = tomcat.addContext(contextPath, base.toString());
        Tomcat.addServlet(context, "ok", new Ok());
        context.addServletMappingDecoded("/*", "ok");
        tomcat.start();
        return new ErrorHandlingHost() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void stop() throws Exception {
                tomcat.stop();
                tomcat.destroy();
                try (var files = Files.walk(base)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        };
    }
}
