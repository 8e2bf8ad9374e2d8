package id.nu.oauth.bench.http;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Demo portal start to first served request: starts the demo's own main
 * ({@code id.nu.oauth.examples.JettyDemo} by default) in a fresh JVM on a free loopback port and
 * polls {@code GET /} every 5 ms until it answers. The time runs from the moment the process is
 * started (JVM start-up included) to the first response. Target: under 1.5 s.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.http.StartupTime [runs] [main-class]
 * </pre>
 */
public final class StartupTime {

    private StartupTime() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String main = args.length > 1 ? args[1] : "id.nu.oauth.examples.JettyDemo";
        Path jar = Path.of(StartupTime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classpath = jar.getParent().resolve("lib").toString() + File.separator + "*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            URI home = URI.create("http://127.0.0.1:" + port + "/");
            long start = System.nanoTime();
            Process demo = new ProcessBuilder(java, "-cp", classpath, main, "--port", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                while (true) {
                    if (!demo.isAlive()) {
                        throw new IllegalStateException("the demo exited with " + demo.exitValue());
                    }
                    try {
                        int status = client.send(HttpRequest.newBuilder(home).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status < 500) {
                            break;
                        }
                    } catch (java.io.IOException notYet) {
                        // not listening yet
                    }
                    Thread.sleep(5);
                }
                millis.add((System.nanoTime() - start) / 1_000_000);
            } finally {
                demo.destroy();
                demo.waitFor();
            }
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: process start to first served request, %d runs: %s ms; median %d ms; %s%n",
                main, runs, millis, sorted.get(sorted.size() / 2), Load.describe());
    }
}
