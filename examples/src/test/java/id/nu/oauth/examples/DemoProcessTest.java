package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.examples.OAuthHttp.TestClient;
import id.nu.oauth.examples.OAuthHttp.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a user runs it: its {@code main} in a JVM of its own. A bad {@code --storage} value or
 * an unreachable database is one line on stderr and a non-zero exit; a demo on an H2 file is stopped
 * as Ctrl+C stops it (SIGTERM: the shutdown hook stops the container and closes the database), and a
 * new process on the same file still honours the tokens issued before.
 */
class DemoProcessTest {

    private static final String EOF = "\u0000eof";

    /** A demo JVM with its output read line by line on daemon threads, so every wait is bounded. */
    private static final class DemoProcess implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());

        DemoProcess(String mainClass, String... args) throws IOException {
            this(Map.of(), mainClass, args);
        }

        /** With {@code env} added to the environment. */
        DemoProcess(Map<String, String> env, String mainClass, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx160m", "-cp", System.getProperty("java.class.path"),
                    "id.nu.oauth.examples." + mainClass));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            process = builder.start();
            pump(process.getInputStream(), stdout::add);
            pump(process.getErrorStream(), stderr::add);
        }

        private static void pump(InputStream in, java.util.function.Consumer<String> sink) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        sink.accept(line);
                    }
                } catch (IOException e) {
                    // the process ended
                } finally {
                    sink.accept(EOF);
                }
            }, "demo-output");
            t.setDaemon(true);
            t.start();
        }

        /** Waits for the banner and returns the portal's origin. */
        URI awaitStarted() throws Exception {
            URI origin = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = stdout.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    continue;
                }
                assertThat(line).as("the demo ended early; stderr: %s", stderr).isNotEqualTo(EOF);
                if (line.strip().startsWith("Portal:")) {
                    origin = URI.create(line.strip().substring("Portal:".length()).strip().replaceAll("/$", ""));
                }
                if (line.contains("Press Ctrl+C to stop.")) {
                    assertThat(origin).isNotNull();
                    return origin;
                }
            }
            throw new AssertionError("no banner within 60 s; stderr: " + stderr);
        }

        /** Waits for the process to end (bounded) and returns its exit status. */
        int awaitExit() throws Exception {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the demo ended; stderr: %s", stderr).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!stderr.contains(EOF) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the reader thread drains the last lines; not a timed assertion
            }
            stderr.remove(EOF);
            return process.exitValue();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void stoppedLikeCtrlCAndStartedAgainOnTheSameH2FileTheTokensStillWork(@TempDir Path dir) throws Exception {
        String storage = "h2:" + dir.resolve("nuid-demo");
        OAuthHttp http = new OAuthHttp();
        Tokens tokens;
        try (DemoProcess first = new DemoProcess("JettyDemo", "--port", "0", "--storage", storage)) {
            URI origin = first.awaitStarted();
            Browser browser = OAuthHttp.signIn(origin, DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD);
            // a public client: the built-in confidential client's secret is made afresh by each process
            tokens = http.redeem(origin, OAuthHttp.authorize(browser, origin, TestClient.PKCE));
            assertThat(http.api(origin, tokens.access())).isEqualTo(200);

            // H2 keeps one process per file: a second demo on it says so in one line
            try (DemoProcess second = new DemoProcess("TomcatDemo", "--port", "0", "--storage", storage)) {
                assertThat(second.awaitExit()).isEqualTo(1);
                assertThat(second.stderr).hasSize(1);
                assertThat(second.stderr.get(0)).startsWith("TomcatDemo: cannot open the H2 file "
                        + dir.resolve("nuid-demo") + ".mv.db: ").contains("already in use");
            }

            first.process.destroy(); // SIGTERM, as Ctrl+C: the shutdown hook closes the container and the file
            assertThat(first.awaitExit()).isNotZero();
            assertThat(first.stderr).noneMatch(line -> line.contains("Exception"));
        }

        try (DemoProcess restarted = new DemoProcess("TomcatDemo", "--port", "0", "--storage", storage)) {
            URI origin = restarted.awaitStarted();
            assertThat(http.api(origin, tokens.access())).isEqualTo(200);
            Tokens refreshed = OAuthHttp.tokens(http.refresh(origin, TestClient.PKCE, tokens.refresh()));
            assertThat(http.api(origin, refreshed.access())).isEqualTo(200);
            restarted.process.destroy();
            restarted.awaitExit();
        }
    }

    @Test
    void aBadStorageFlagIsAUsageErrorWithExitStatus2() throws Exception {
        try (DemoProcess demo = new DemoProcess("JettyDemo", "--storage", "postgresql://db/portal")) {
            assertThat(demo.awaitExit()).isEqualTo(2);
            assertThat(demo.stderr.get(0)).isEqualTo(
                    "JettyDemo: --storage must be memory, h2:<file-path> or postgres:<jdbc-url>, not postgresql://db/portal");
            assertThat(demo.stderr.get(1)).isEqualTo("Options:"); // then the usage text
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineWithExitStatus1() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (DemoProcess demo = new DemoProcess("TomcatDemo", "--port", "0", "--storage",
                "postgres:jdbc:postgresql://127.0.0.1:" + closedPort + "/portal?user=portal&password=s3cret")) {
            assertThat(demo.awaitExit()).isEqualTo(1);
            assertThat(demo.stderr).hasSize(1);
            assertThat(demo.stderr.get(0)).startsWith("TomcatDemo: cannot connect to PostgreSQL jdbc:postgresql://127.0.0.1:"
                    + closedPort + "/portal?user=portal&password=***: Connection to 127.0.0.1:" + closedPort + " refused")
                    .doesNotContain("s3cret");
        }
    }

    @Test
    void withTlsTheMainClassServesHttpsWithThePasswordFromTheEnvironmentAndAWrongOneIsOneLine(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("tls.p12");
        DemoTls tls = DemoTls.loadOrCreate(new DemoTls.Spec(file, "right-s3cret"));
        try (DemoProcess demo = new DemoProcess(Map.of("NUID_TLS_PASSWORD", "right-s3cret"), "TomcatDemo",
                "--port", "0", "--tls-keystore", file.toString())) {
            URI origin = demo.awaitStarted();
            assertThat(origin.getScheme()).isEqualTo("https");
            HttpResponse<String> metadata = HttpClient.newBuilder().sslContext(tls.clientContext()).build()
                    .send(HttpRequest.newBuilder(URI.create(origin + "/api/.well-known/openid-configuration")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(metadata.body()).contains("\"issuer\":\"https:\\/\\/127.0.0.1:" + origin.getPort() + "\\/api\"");
            demo.process.destroy();
            demo.awaitExit();
            assertThat(demo.stderr).noneMatch(line -> line.contains("right-s3cret"));
        }
        try (DemoProcess demo = new DemoProcess("JettyDemo", "--port", "0", "--tls-keystore", file.toString(),
                "--tls-password", "wrong-s3cret")) {
            assertThat(demo.awaitExit()).isEqualTo(1);
            assertThat(demo.stderr).containsExactly("JettyDemo: cannot start: --tls-keystore " + file.toAbsolutePath()
                    + ": wrong password; give it with --tls-password or in the environment variable NUID_TLS_PASSWORD");
        }
    }
}
