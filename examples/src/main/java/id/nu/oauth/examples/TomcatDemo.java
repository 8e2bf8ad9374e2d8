package id.nu.oauth.examples;

import id.nu.oauth.servlet.TomcatErrorReportValve;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * The same demo portal in embedded Tomcat 11, to show the adapter is container-neutral: the setup
 * is {@link DemoPortal}, shared with {@link JettyDemo}. Run it from the repository root:
 * <pre>{@code
 * mvn -q -pl examples -am compile -Pdemo-tomcat
 * mvn -q -pl examples -am compile -Pdemo-tomcat -Dexec.args="--tls"
 * }</pre>
 */
public final class TomcatDemo {

    /** Tomcat logs through java.util.logging; keep its start-up chatter down (strong references). */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.apache.catalina"),
            Logger.getLogger("org.apache.coyote"), Logger.getLogger("org.apache.tomcat"));

    private TomcatDemo() {
    }

    /** Starts the demo and waits; see {@link DemoOptions#USAGE} for the options. */
    public static void main(String[] args) {
        DemoMain.run(args, "TomcatDemo", TomcatDemo::start);
    }

    /**
     * Starts the portal on 127.0.0.1 at {@code options.port()} (0: a free port), over https with
     * {@code --tls}.
     */
    static RunningDemo start(DemoOptions options, DemoConfig config) throws Exception {
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
        DemoTls tls = options.tls() == null ? null : DemoTls.loadOrCreate(options.tls());
        Path baseDir = Files.createTempDirectory("nuid-demo-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(options.port());
        connector.setProperty("address", "127.0.0.1");
        if (tls != null) {
            // an HTTPS connector (JSSE) with the PKCS#12 file as the default host's certificate
            connector.setScheme("https");
            connector.setSecure(true);
            connector.setProperty("SSLEnabled", "true");
            SSLHostConfig host = new SSLHostConfig();
            SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
                    SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setCertificateKeystoreFile(tls.file().toString());
            certificate.setCertificateKeystoreType("PKCS12");
            certificate.setCertificateKeystorePassword(tls.password());
            certificate.setCertificateKeyAlias(tls.alias());
            host.addCertificate(certificate);
            connector.addSslHostConfig(host);
        }
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        // Tomcat's own refusals (400 bad request line, Host or headers, 505, 404) as JSON under the API,
        // a plain page elsewhere; in place of its error report, which names the server and shows stack traces
        TomcatErrorReportValve.install(tomcat.getHost(), options.basePath());
        DemoPortal portal = null;
        try {
            tomcat.init(); // binds the port, so the issuer is known before the portal is built
            URI origin = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + connector.getLocalPort());
            portal = new DemoPortal(config, origin, options, "Tomcat 11", tls);
            Context context = tomcat.addContext("", baseDir.toString());
            StandardManager sessions = new StandardManager();
            sessions.setPathname(null); // keep sessions in memory only, never in a file on stop
            context.setManager(sessions);
            if (context instanceof StandardContext standard) {
                // leak detection is for redeploying web apps; this one lives as long as the JVM
                standard.setClearReferencesRmiTargets(false);
                standard.setClearReferencesThreadLocals(false);
            }
            context.addServletContainerInitializer(portal, null);
            tomcat.start();
            return new RunningDemo(origin, portal, new RunningDemo.Container() {
                @Override
                public void join() {
                    tomcat.getServer().await();
                }

                @Override
                public void stop() throws LifecycleException {
                    tomcat.stop();
                    tomcat.destroy();
                }
            }, () -> delete(baseDir));
        } catch (Exception e) {
            try {
                tomcat.destroy();
            } finally {
                if (portal != null) {
                    portal.close();
                }
                delete(baseDir);
            }
            throw e;
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
