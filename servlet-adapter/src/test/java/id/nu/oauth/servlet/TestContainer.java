package id.nu.oauth.servlet;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded servlet container on 127.0.0.1 and a random port, set up through a ServletContext callback. */
interface TestContainer extends AutoCloseable {

    /** {@code http://127.0.0.1:port}. */
    URI origin();

    /** The web application's context path ("" for the root). */
    String contextPath();

    @Override
    void close() throws Exception;

    /** Starts a container of some kind; the suites run once per kind. */
    @FunctionalInterface
    interface Kind {
        TestContainer start(String contextPath, Consumer<ServletContext> setup) throws Exception;
    }

    /** Holds the Tomcat logger so its level sticks (JUL keeps loggers weakly). */
    final class Quiet {
        static final java.util.logging.Logger TOMCAT = java.util.logging.Logger.getLogger("org.apache");

        private Quiet() {
        }
    }

    /** Jetty 12, ee10 ServletContextHandler with sessions. */
    static TestContainer jetty(String contextPath, Consumer<ServletContext> setup) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
        context.addServletContainerInitializer((classes, servletContext) -> setup.accept(servletContext));
        server.setHandler(context);
        server.start();
        URI origin = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return new TestContainer() {
            @Override
            public URI origin() {
                return origin;
            }

            @Override
            public String contextPath() {
                return contextPath;
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }

    /** Tomcat 11 embedded. */
    static TestContainer tomcat(String contextPath, Consumer<ServletContext> setup) throws Exception {
        Quiet.TOMCAT.setLevel(java.util.logging.Level.WARNING);
        Path base = Files.createTempDirectory("nuid-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext(contextPath, base.toString());
        context.addServletContainerInitializer((classes, servletContext) -> setup.accept(servletContext), null);
        if (context instanceof org.apache.catalina.core.StandardContext standard) {
            standard.setClearReferencesRmiTargets(false); // quiet leak detection that needs --add-opens
            standard.setClearReferencesThreadLocals(false);
        }
        tomcat.start();
        URI origin = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return new TestContainer() {
            @Override
            public URI origin() {
                return origin;
            }

            @Override
            public String contextPath() {
                return contextPath;
            }

            @Override
            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
                try (var files = Files.walk(base)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        };
    }
}
