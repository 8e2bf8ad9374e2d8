package id.nu.oauth.servlet;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * An embedded servlet container on 127.0.0.1 and a random port, set up through ServletContext
 * callbacks. The port is bound before the web application starts, so the setup can know the
 * origin (an issuer that is the server's real URL).
 */
interface TestContainer extends AutoCloseable {

    /** {@code http://127.0.0.1:port}. */
    URI origin();

    /** The web application's context path ("" for the root). */
    String contextPath();

    @Override
    void close() throws Exception;

    /**
     * What to install: {@code app} in the web application at the context path, and {@code root}
     * (may be {@code null}) in the root context, the same one when the context path is "".
     */
    record Mount(Consumer<ServletContext> app, Consumer<ServletContext> root) {
        static Mount app(Consumer<ServletContext> app) {
            return new Mount(app, null);
        }

        void installRoot(ServletContext context) {
            if (root != null) {
                root.accept(context);
            }
        }
    }

    /** Starts a container of some kind; the suites run once per kind. */
    @FunctionalInterface
    interface Kind {
        /** Binds a port, asks {@code mountFor} what to install for that origin, and starts. */
        TestContainer start(String contextPath, Function<URI, Mount> mountFor) throws Exception;
    }

    /** Holds the Tomcat logger so its level sticks (JUL keeps loggers weakly). */
    final class Quiet {
        static final java.util.logging.Logger TOMCAT = java.util.logging.Logger.getLogger("org.apache");

        private Quiet() {
        }
    }

    /** Jetty 12, ee10 ServletContextHandler with sessions (plus a root context when needed). */
    static TestContainer jetty(String contextPath, Function<URI, Mount> mountFor) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        JettyErrorHandler.install(server, contextPath + "/api"); // as the demo does
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open(); // bind now: the origin is known before the application starts
        URI origin = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        Mount mount = mountFor.apply(origin);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
        if (contextPath.isEmpty()) {
            context.addServletContainerInitializer((classes, sc) -> {
                mount.app().accept(sc);
                mount.installRoot(sc);
            });
            server.setHandler(context);
        } else {
            context.addServletContainerInitializer((classes, sc) -> mount.app().accept(sc));
            ServletContextHandler root = new ServletContextHandler();
            root.setContextPath("/");
            root.addServletContainerInitializer((classes, sc) -> mount.installRoot(sc));
            server.setHandler(new ContextHandlerCollection(context, root));
        }
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
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

    /** Tomcat 11 embedded (plus a root context when the application has a context path). */
    static TestContainer tomcat(String contextPath, Function<URI, Mount> mountFor) throws Exception {
        Quiet.TOMCAT.setLevel(java.util.logging.Level.WARNING);
        Path base = Files.createTempDirectory("nuid-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        AtomicReference<Mount> mount = new AtomicReference<>();
        Context context = tomcat.addContext(contextPath, base.toString());
        if (contextPath.isEmpty()) {
            context.addServletContainerInitializer((classes, sc) -> {
                mount.get().app().accept(sc);
                mount.get().installRoot(sc);
            }, null);
        } else {
            context.addServletContainerInitializer((classes, sc) -> mount.get().app().accept(sc), null);
            Context root = tomcat.addContext("", base.toString());
            root.addServletContainerInitializer((classes, sc) -> mount.get().installRoot(sc), null);
            quiet(root);
        }
        quiet(context);
        TomcatErrorReportValve.install(tomcat.getHost(), contextPath + "/api"); // as the demo does
        tomcat.init(); // binds the port (bindOnInit): the origin is known before the application starts
        URI origin = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        mount.set(mountFor.apply(origin));
        tomcat.start();
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

    private static void quiet(Context context) {
        if (context instanceof org.apache.catalina.core.StandardContext standard) {
            standard.setClearReferencesRmiTargets(false); // quiet leak detection that needs --add-opens
            standard.setClearReferencesThreadLocals(false);
        }
    }
}
