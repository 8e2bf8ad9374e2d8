package id.nu.oauth.bench.pg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time of a process and its children as Linux counts it ({@code /proc/<pid>/stat}): what a
 * PostgreSQL server costs, read from outside it. For the postmaster: its own time, that of every
 * process it has forked that still runs (backends, autovacuum, checkpointer, WAL writer), and that of
 * those that have ended (its children's counters).
 */
public final class ProcessCpu {

    /** Linux's clock tick for these counters ({@code getconf CLK_TCK}): 10 ms. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU time (ns) of {@code pid} and its direct children, live and ended; -1 off Linux. */
    public static long treeNanos(long pid) {
        long ticks = 0;
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return -1;
        }
        try (Stream<Path> procs = Files.list(proc)) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue; // ended while we looked
                }
                // fields after "pid (comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17)
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ppid = Long.parseLong(f[1]);
                if (Long.parseLong(name) == pid) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                } else if (ppid == pid) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** The postmaster's pid, from the first line of {@code postmaster.pid} in its data directory. */
    public static long postmasterPid(Path dataDirectory) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    }
}
