package id.nu.oauth.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time of this JVM's threads by kind, as Linux counts it ({@code /proc/self/task/<tid>/schedstat},
 * nanoseconds): the garbage collector's threads, the JIT compilers', and the rest (Jetty's request
 * threads and every other Java thread, the VM thread). JFR's execution samples see Java threads
 * only; this shows what the collector and the compilers add to a phase's process CPU time.
 * A thread that ends between two reads takes its time with it (the collector's and the compilers'
 * threads live as long as the JVM).
 */
final class ThreadCpu {

    /** Nanoseconds on CPU: GC threads, JIT compiler threads, all threads; {@code -1}s off Linux. */
    record Split(long gcNanos, long jitNanos, long allNanos) {
        static final Split NONE = new Split(-1, -1, -1);
    }

    private ThreadCpu() {
    }

    static Split read() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return Split.NONE;
        }
        long gc = 0;
        long jit = 0;
        long all = 0;
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                String comm;
                long ns;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    ns = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                } catch (IOException | RuntimeException gone) {
                    continue; // ended while we looked, or no schedstat
                }
                all += ns;
                if (isGc(comm)) {
                    gc += ns;
                } else if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    jit += ns;
                }
            }
        } catch (IOException e) {
            return Split.NONE;
        }
        return new Split(gc, jit, all);
    }

    /**
     * HotSpot's collector threads as Linux names them (15 characters): G1's and Parallel's workers
     * ({@code GC Thread#0}), G1's marking, refinement and service threads ({@code G1 Conc#0},
     * {@code G1 Refine#0}, {@code G1 Main Marker}, {@code G1 Service}). The VM thread, which runs
     * the pauses' serial parts among other safepoint work, is counted with the rest.
     */
    static boolean isGc(String comm) {
        return comm.startsWith("GC Thread") || comm.startsWith("G1 ");
    }
}
