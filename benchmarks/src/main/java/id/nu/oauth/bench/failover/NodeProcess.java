package id.nu.oauth.bench.failover;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One life of a {@link FailoverNode} JVM: started, read until its banner, and either killed with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux: no shutdown hook, no pool close, transactions
 * cut) or stopped at the end. Its output goes to one log file per node, every life appended, each
 * headed {@code === life N}.
 */
final class NodeProcess {

    /** How long a start may take: minutes, on a shared machine under heavy load. */
    private static final long START_TIMEOUT_SECONDS = 600;

    final String name;
    final int life;
    final Process process;
    final URI origin;
    /** Nanos from {@code start} to the banner: JVM start, schema, signing keys, Jetty. */
    final long startNanos;
    /** The node's own account of its start (ms): JVM to main, pool and schema, keys and engine, Jetty. */
    final long[] phases;

    private NodeProcess(String name, int life, Process process, URI origin, long startNanos, long[] phases) {
        this.name = name;
        this.life = life;
        this.process = process;
        this.origin = origin;
        this.startNanos = startNanos;
        this.phases = phases;
    }

    static NodeProcess start(String name, int life, List<String> jvmOptions, List<String> nodeFlags, Path log)
            throws Exception {
        long t0 = System.nanoTime();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // the benchmarks log at WARN; these two INFO lines are counted: a key rotation, a grace reuse
        command.add("-Dorg.slf4j.simpleLogger.log.id.nu.oauth.core.StoredSigningKeys=info");
        command.add("-Dorg.slf4j.simpleLogger.log.id.nu.oauth.core.TokenEndpoint=info");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FailoverNode.class.getName());
        command.addAll(nodeFlags);
        command.add("--name");
        command.add(name);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<URI> banner = new CompletableFuture<>();
        long[] phases = new long[4];
        Thread reader = new Thread(() -> copy(process, log, life, banner, phases), "log-" + name + "-" + life);
        reader.setDaemon(true);
        reader.start();
        URI origin;
        try {
            origin = banner.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("node " + name + " (life " + life + ") did not start; see " + log, e);
        }
        return new NodeProcess(name, life, process, origin, System.nanoTime() - t0, phases);
    }

    private static void copy(Process process, Path log, int life, CompletableFuture<URI> banner, long[] phases) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            out.println("=== life " + life);
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                out.flush();
                if (line.startsWith("FAILOVER-NODE-TIMES ")) {
                    String[] f = line.substring("FAILOVER-NODE-TIMES ".length()).trim().split(" ");
                    for (int i = 0; i < phases.length && i < f.length; i++) {
                        phases[i] = Long.parseLong(f[i]);
                    }
                }
                if (line.startsWith("FAILOVER-NODE ")) {
                    banner.complete(URI.create(line.substring("FAILOVER-NODE ".length()).trim()));
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            banner.completeExceptionally(new IllegalStateException("the node exited before listening"));
        }
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The end of the run: SIGTERM (Jetty and the pool close), SIGKILL if it lingers. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
