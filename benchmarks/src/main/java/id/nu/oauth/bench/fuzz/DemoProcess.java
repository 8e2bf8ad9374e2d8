package id.nu.oauth.bench.fuzz;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo portal in a JVM of its own, as a user starts it: its main class
 * ({@code id.nu.oauth.examples.JettyDemo} or {@code TomcatDemo}) with {@code --port 0} (a free
 * loopback port, read back from its banner) and {@code --config}, stdout and stderr to a log
 * file, a bounded heap. The heap is sampled from outside with {@code jcmd}: a full GC, then the
 * used heap.
 *
 * <pre>{@code
 * try (DemoProcess demo = DemoProcess.start("jetty", config, log, "256m")) {
 *     long usedKiB = demo.usedHeapAfterFullGc();
 * }
 * }</pre>
 */
final class DemoProcess implements AutoCloseable {

    private static final Pattern PORTAL = Pattern.compile("Portal:\\s+http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    final Process process;
    final int port;
    final Path log;
    final String container;

    private DemoProcess(Process process, int port, Path log, String container) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.container = container;
    }

    /** Starts the demo and waits for its banner (at most 60 s). */
    static DemoProcess start(String container, Path config, Path log, String maxHeap) throws IOException, InterruptedException {
        String main = container.equals("tomcat") ? "id.nu.oauth.examples.TomcatDemo" : "id.nu.oauth.examples.JettyDemo";
        Path jar;
        try {
            jar = Path.of(DemoProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        String classpath = jar.getParent().resolve("lib") + File.separator + "*";
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(javaTool("java"), "-Xmx" + maxHeap, "-XX:+UseG1GC", "-cp", classpath,
                main, "--port", "0", "--config", config.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240); // a loaded machine starts slowly
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the demo exited with " + process.exitValue() + "; its log " + log + ":\n"
                        + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
            Matcher m = PORTAL.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                return new DemoProcess(process, Integer.parseInt(m.group(1)), log, container);
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IOException("the demo printed no banner within 240 s; see " + log);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The used heap in KiB right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), or -1. */
    long usedHeapAfterFullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = USED.matcher(jcmd("GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaTool("jcmd"), String.valueOf(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    /** The JDK's own tool ({@code java}, {@code jcmd}) next to the running JVM, else from the PATH. */
    private static String javaTool(String name) {
        Path tool = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(tool) ? tool.toString() : name;
    }

    /** SIGTERM (the demo's shutdown hook stops the container), then a forced stop after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
