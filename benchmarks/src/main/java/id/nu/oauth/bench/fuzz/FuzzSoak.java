package id.nu.oauth.bench.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded, seeded, replayable fuzz and soak run against the demo portal in its own JVM: valid
 * OAuth flows mixed with hostile HTTP over raw sockets (see {@link Mix} for the kinds), every
 * response checked, the server's log and heap watched. Exits 0 when nothing failed, 1 otherwise.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.fuzz.FuzzSoak [--requests 100000] [--seed 20261127]
 *      [--duration 900] [--workers 4] [--container jetty|tomcat] [--kinds PREFIX,...] [--replay INDEX,...]
 * </pre>
 *
 * Case {@code i} draws its kind and every random choice from {@code Random(seed, i)}, so
 * {@code --seed S --replay i} sends that case again (printing each request and response). Values
 * the server made (codes, tokens) are fresh in a replay.
 */
public final class FuzzSoak {

    static final long DEFAULT_SEED = 20261127L;

    private static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.fuzz.FuzzSoak [options]
              --requests N        stop after N requests (default 100000)
              --duration S        or after S seconds of traffic, whichever comes first (default 900)
              --seed S            the run's seed (default %d); printed, so a failure can be replayed
              --workers N         concurrent clients (default 4)
              --container NAME    jetty (JettyDemo, default) or tomcat (TomcatDemo)
              --config FILE       the demo's configuration (default examples/demo-config.json; run from the repository root)
              --kinds P,...       only the kinds whose names start with these prefixes (e.g. body.,form.charset)
              --replay I,...      send only these cases, printing every request and response
              --timeout MS        read timeout per request (default 10000)
              --heap-every S      sample the server's heap every S seconds (default 15)
              --heap SIZE         the server's -Xmx (default 256m)
              --log-dir DIR       where the server's log goes (default benchmarks/target/fuzz-soak)
            """.formatted(DEFAULT_SEED);

    /** The command line. */
    record Options(long requests, long durationSeconds, long seed, int workers, String container, Path config,
            List<String> kinds, List<Long> replay, int timeoutMillis, int heapEverySeconds, String heap, Path logDir) {

        static Options parse(String[] args) {
            long requests = 100_000;
            long duration = 900;
            long seed = DEFAULT_SEED;
            int workers = 4;
            String container = "jetty";
            Path config = Path.of("examples", "demo-config.json");
            List<String> kinds = List.of();
            List<Long> replay = List.of();
            int timeout = 10_000;
            int heapEvery = 15;
            String heap = "256m";
            Path logDir = Path.of("benchmarks", "target", "fuzz-soak");
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--requests" -> requests = Long.parseLong(value);
                    case "--duration" -> duration = Long.parseLong(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--workers" -> workers = Integer.parseInt(value);
                    case "--container" -> container = value;
                    case "--config" -> config = Path.of(value);
                    case "--kinds" -> kinds = Arrays.asList(value.split(","));
                    case "--replay" -> replay = Arrays.stream(value.split(",")).map(Long::valueOf).toList();
                    case "--timeout" -> timeout = Integer.parseInt(value);
                    case "--heap-every" -> heapEvery = Integer.parseInt(value);
                    case "--heap" -> heap = value;
                    case "--log-dir" -> logDir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (!container.equals("jetty") && !container.equals("tomcat")) {
                throw new IllegalArgumentException("--container must be jetty or tomcat, not " + container);
            }
            if (!Files.isRegularFile(config)) {
                throw new IllegalArgumentException("no configuration file " + config.toAbsolutePath()
                        + " (run from the repository root, or give --config examples/demo-config.json)");
            }
            return new Options(requests, duration, seed, workers, container, config, kinds, replay, timeout, heapEvery,
                    heap, logDir);
        }
    }

    private FuzzSoak() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            if (Arrays.asList(args).contains("--help")) {
                System.out.print(USAGE);
                return;
            }
            options = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println("FuzzSoak: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        System.exit(new FuzzSoak().run(options, System.out));
    }

    int run(Options o, PrintStream out) throws IOException, InterruptedException {
        Mix mix = new Mix(o.kinds());
        Path log = o.logDir().resolve("demo-" + o.container() + "-seed" + o.seed() + (o.replay().isEmpty() ? "" : "-replay")
                + ".log");
        if (o.replay().isEmpty()) {
            out.printf(Locale.ROOT, "fuzz/soak: seed %d (replay a case with --seed %d --replay INDEX); up to %,d requests or"
                    + " %d s; %d workers; %s%n", o.seed(), o.seed(), o.requests(), o.durationSeconds(), o.workers(),
                    loadAverage());
        } else {
            out.printf(Locale.ROOT, "fuzz/soak: seed %d, replaying cases %s%n", o.seed(), o.replay());
        }
        Recorder recorder = new Recorder();
        HeapSamples heap = new HeapSamples();
        ExecutorService raceThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fuzz-race");
            t.setDaemon(true);
            return t;
        });
        long started;
        long elapsedNanos;
        try (DemoProcess demo = DemoProcess.start(o.container(), o.config(), log, o.heap())) {
            out.printf(Locale.ROOT, "server: %s demo, pid %d, http://127.0.0.1:%d, -Xmx%s; log %s%n",
                    o.container().equals("tomcat") ? "Tomcat 11" : "Jetty 12", demo.pid(), demo.port, o.heap(), log);
            Portal portal = new Portal(demo.port);
            RawHttp http = new RawHttp(demo.port, o.timeoutMillis());
            Loot loot = new Loot();
            int workers = o.replay().isEmpty() ? o.workers() : 1;
            List<Session> sessions = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Session session = new Session(portal);
                session.login(new Case(-1, "setup.login", new Random(o.seed() + w), portal, session, loot, raceThreads,
                        recorder, http, null));
                sessions.add(session);
            }
            heap.add(new HeapSamples.Sample(0, 0, 0, demo.usedHeapAfterFullGc()));
            started = System.nanoTime();
            if (!o.replay().isEmpty()) {
                for (long index : o.replay()) {
                    runCase(o, mix, index, portal, sessions.get(0), loot, raceThreads, recorder, http, out);
                }
            } else {
                traffic(o, mix, demo, portal, sessions, loot, raceThreads, recorder, http, heap, started, out);
            }
            elapsedNanos = System.nanoTime() - started;
            if (!demo.alive()) {
                recorder.fail(Recorder.Failure.SERVER_EXIT, null, -1, "", "the server exited with " + demo.process.exitValue());
            } else {
                heap.add(new HeapSamples.Sample(elapsedNanos / 1e9, recorder.requests(), recorder.issued(),
                        demo.usedHeapAfterFullGc()));
            }
        } finally {
            raceThreads.shutdownNow();
        }
        ServerLog serverLog = ServerLog.scan(log);
        recorder.count(Recorder.Failure.LOG_ERROR, serverLog.errorLines);
        recorder.count(Recorder.Failure.LOG_STACK_TRACE, serverLog.stackTraces);
        if (!heap.flat()) {
            recorder.fail(Recorder.Failure.HEAP, null, -1, "", heap.describe());
        }
        report(o, recorder, heap, serverLog, log, elapsedNanos, out);
        return recorder.failures() == 0 ? 0 : 1;
    }

    /** The workers, a heap sampler and a progress line, until the request count or the duration is reached. */
    private static void traffic(Options o, Mix mix, DemoProcess demo, Portal portal, List<Session> sessions, Loot loot,
            ExecutorService raceThreads, Recorder recorder, RawHttp http, HeapSamples heap, long started,
            PrintStream out) throws InterruptedException {
        long deadline = started + TimeUnit.SECONDS.toNanos(o.durationSeconds());
        AtomicLong next = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (Session session : sessions) {
            Thread t = new Thread(() -> {
                while (!stop.get() && recorder.requests() < o.requests() && System.nanoTime() < deadline && demo.alive()) {
                    runCase(o, mix, next.getAndIncrement(), portal, session, loot, raceThreads, recorder, http, null);
                }
            }, "fuzz-worker-" + threads.size());
            threads.add(t);
            t.start();
        }
        long nextSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.heapEverySeconds());
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(200);
            long now = System.nanoTime();
            if (now >= nextSample && demo.alive()) {
                try {
                    heap.add(new HeapSamples.Sample((now - started) / 1e9, recorder.requests(), recorder.issued(),
                            demo.usedHeapAfterFullGc()));
                } catch (IOException e) {
                    out.println("  heap sample failed: " + e.getMessage());
                }
                nextSample = now + TimeUnit.SECONDS.toNanos(o.heapEverySeconds());
            }
            if (now >= nextProgress) {
                double seconds = (now - started) / 1e9;
                out.printf(Locale.ROOT, "  %5.0f s: %,d requests (%.0f/s), %,d cases, %,d failures so far%n", seconds,
                        recorder.requests(), recorder.requests() / seconds, next.get(), recorder.failures());
                nextProgress = now + TimeUnit.SECONDS.toNanos(10);
            }
        }
        stop.set(true);
    }

    private static void runCase(Options o, Mix mix, long index, Portal portal, Session session, Loot loot,
            ExecutorService raceThreads, Recorder recorder, RawHttp http, PrintStream trace) {
        Random random = Mix.random(o.seed(), index);
        Mix.Kind kind = mix.pick(random);
        recorder.caseStarted(kind.name());
        if (trace != null) {
            trace.println("case #" + index + ": " + kind.name());
        }
        Case c = new Case(index, kind.name(), random, portal, session, loot, raceThreads, recorder, http, trace);
        try {
            kind.scenario().run(c);
        } catch (RuntimeException fault) {
            StackTraceElement[] frames = fault.getStackTrace();
            recorder.fail(Recorder.Failure.RUNNER, kind.name(), index, "", fault + (frames.length > 0 ? " at " + frames[0] : ""));
        } finally {
            c.release();
        }
    }

    private static void report(Options o, Recorder recorder, HeapSamples heap, ServerLog serverLog, Path log,
            long elapsedNanos, PrintStream out) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        out.println();
        out.println("== fuzz/soak summary ==");
        out.printf(Locale.ROOT, "seed %d, %s demo; %,d requests in %.1f s = %.0f requests/s; %,d token responses; %s%n",
                o.seed(), o.container(), recorder.requests(), seconds, recorder.requests() / seconds, recorder.issued(),
                loadAverage());
        recorder.printTables(out);
        out.println();
        out.println(heap.describe());
        recorder.printOddAnswers(out);
        out.printf(Locale.ROOT, "server log %s: %,d ERROR lines, %,d stack traces%n", log, serverLog.errorLines,
                serverLog.stackTraces);
        serverLog.errors.entrySet().stream().limit(12).forEach(e -> out.println("      x" + e.getValue() + "  " + e.getKey()));
        serverLog.firstTraces.forEach(t -> out.println("      trace: " + t));
        out.println("failures:");
        recorder.printFailures(out, o.seed());
        long failures = recorder.failures();
        out.println(failures == 0 ? "RESULT: PASS" : "RESULT: FAIL (" + failures + " failures)");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return "load average " + parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "load average unknown";
        }
    }
}
