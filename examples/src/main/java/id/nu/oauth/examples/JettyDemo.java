package id.nu.oauth.examples;

import id.nu.oauth.servlet.JettyErrorHandler;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The demo portal in embedded Jetty 12 (ee10, Servlet 6). Run it from the repository root:
 * <pre>{@code
 * mvn -q -pl examples -am compile -Pdemo
 * mvn -q -pl examples -am compile -Pdemo -Dexec.args="--port 9090 --config examples/demo-config.json"
 * mvn -q -pl examples -am compile -Pdemo -Dexec.args="--storage h2:examples/data/nuid-demo"
 * mvn -q -pl examples -am compile -Pdemo -Dexec.args="--tls"
 * }</pre>
 */
public final class JettyDemo {

    private JettyDemo() {
    }

    /** Starts the demo and waits; see {@link DemoOptions#USAGE} for the options. */
    public static void main(String[] args) {
        DemoMain.run(args, "JettyDemo", JettyDemo::start);
    }

    /**
     * Starts the portal on 127.0.0.1 at {@code options.port()} (0: a free port), over https (HTTP/1.1
     * over TLS) with {@code --tls}.
     */
    static RunningDemo start(DemoOptions options, DemoConfig config) throws Exception {
        DemoTls tls = options.tls() == null ? null : DemoTls.loadOrCreate(options.tls());
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.keyStore());
            ssl.setKeyStorePassword(tls.password());
            ssl.setCertAlias(tls.alias());
            http.setSecureScheme("https");
            // request.isSecure() and the https scheme; with its default SNI host check, a request's
            // Host must be a name the certificate has (127.0.0.1 and localhost for the self-signed one)
            http.addCustomizer(new SecureRequestCustomizer());
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
        }
        connector.setHost("127.0.0.1");
        connector.setPort(options.port());
        server.addConnector(connector);
        // Jetty's own refusals (431, 414, 400 bad Host, 505, 404) as JSON under the API, a plain page elsewhere
        JettyErrorHandler.install(server, options.basePath());
        connector.open(); // bind now: the port (and so the issuer) is known before the portal is built
        URI origin = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + connector.getLocalPort());
        DemoPortal portal = null;
        try {
            portal = new DemoPortal(config, origin, options, "Jetty 12", tls);
            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
            context.setContextPath("/");
            context.addServletContainerInitializer(portal);
            server.setHandler(context);
            server.start();
            return new RunningDemo(origin, portal, new RunningDemo.Container() {
                @Override
                public void join() throws InterruptedException {
                    server.join();
                }

                @Override
                public void stop() throws Exception {
                    server.stop();
                }
            }, () -> { });
        } catch (Exception e) {
            try {
                server.stop();
                connector.close();
            } finally {
                if (portal != null) {
                    portal.close();
                }
            }
            throw e;
        }
    }
}
