package id.nu.oauth.bench.engine;

import id.nu.oauth.client.RefreshPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The engine operations of the JMH benchmarks, timed in this thread's CPU time instead of wall time:
 * on a machine shared with other work, wall time counts the time the thread waited for a core,
 * CPU time does not. (The JIT and GC threads' own CPU time is not counted either; the allocation
 * the operations cause still costs in the measured thread.) Prints the median and the spread over
 * batches of one second's worth of operations.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.engine.CpuTime [seconds-per-case] [filter]
 * </pre>
 */
public final class CpuTime {

    private CpuTime() {
    }

    /** One operation; returns something so the JIT cannot drop it. */
    interface Op extends IntSupplier {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        String filter = args.length > 1 ? args[1] : "";
        List<Case> cases = new ArrayList<>();
        for (Engines.Variant v : Engines.Variant.values()) {
            cases.add(new Case("authorize+exchange " + v, () -> {
                Engines e = new Engines(v, RefreshPolicy.ROTATE, Engines.Lifetimes.SHORT);
                return () -> e.flow().length();
            }));
        }
        for (Engines.Variant v : Engines.Variant.values()) {
            for (RefreshPolicy p : RefreshPolicy.values()) {
                cases.add(new Case("refresh " + p + " " + v, () -> {
                    Engines e = new Engines(v, p, Engines.Lifetimes.LONG_GRANT);
                    String[] token = {Engines.json(e.flow(), "refresh_token")};
                    return () -> {
                        String body = e.refresh(token[0]).body();
                        if (p == RefreshPolicy.ROTATE) {
                            token[0] = Engines.json(body, "refresh_token");
                        }
                        return body.length();
                    };
                }));
            }
        }
        for (int live : new int[] {1_000, 1_000_000}) {
            cases.add(new Case("validate same token, live grants " + live, () -> {
                Engines e = new Engines(Engines.Variant.OPAQUE, RefreshPolicy.ROTATE, Engines.Lifetimes.DEFAULTS);
                Population.fill(e.server().storage(), live, Instant.now());
                String same = Engines.json(e.flow(), "access_token");
                return () -> e.server().validateAccessToken(same).hashCode();
            }));
            cases.add(new Case("validate any token, live grants " + live, () -> {
                Engines e = new Engines(Engines.Variant.OPAQUE, RefreshPolicy.ROTATE, Engines.Lifetimes.DEFAULTS);
                Population population = Population.fill(e.server().storage(), live, Instant.now());
                int[] next = {1};
                return () -> {
                    int x = next[0];
                    x ^= x << 13;
                    x ^= x >>> 17;
                    x ^= x << 5;
                    next[0] = x;
                    return e.server().validateAccessToken(population.access((x & 0x7fffffff) % live)).hashCode();
                };
            }));
        }
        for (boolean refresh : new boolean[] {false, true}) {
            cases.add(new Case(refresh ? "revoke refresh token (and its grant)" : "revoke access token", () -> {
                Engines e = new Engines(Engines.Variant.OPAQUE, RefreshPolicy.ROTATE, Engines.Lifetimes.DEFAULTS);
                Population toRevoke = Population.fill(e.server().storage(), 200_000, Instant.now());
                int[] r = {0};
                return () -> {
                    int i = r[0];
                    r[0] = i + 1 == toRevoke.size() ? 0 : i + 1;
                    return e.revoke(refresh ? toRevoke.refresh(i) : toRevoke.access(i)).status();
                };
            }));
        }
        for (Signing.Kind kind : Signing.Kind.values()) {
            cases.add(new Case("client_credentials, access token " + kind, () -> {
                Signing s = new Signing(kind);
                return () -> s.issue().length();
            }));
            cases.add(new Case("verify access token " + kind, () -> {
                Signing s = new Signing(kind);
                return () -> s.verify() ? 1 : 0;
            }));
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-48s %10s %10s %10s%n", "operation (CPU time of the calling thread)", "median", "min", "max");
        for (Case c : cases) {
            if (!c.name.contains(filter)) {
                continue;
            }
            Op op = c.factory.get();
            int sink = 0;
            long batch = 1_000;
            long warmEnd = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                for (int i = 0; i < batch; i++) {
                    sink += op.getAsInt();
                }
            }
            // size a batch to ~0.25 s of CPU
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < batch; i++) {
                sink += op.getAsInt();
            }
            long per = Math.max(1, (threads.getCurrentThreadCpuTime() - t0) / batch);
            batch = Math.max(100, 250_000_000L / per);
            int batches = Math.max(4, seconds * 4);
            double[] micros = new double[batches];
            for (int b = 0; b < batches; b++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < batch; i++) {
                    sink += op.getAsInt();
                }
                micros[b] = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / batch;
            }
            Arrays.sort(micros);
            System.out.printf("%-48s %8.2f µs %8.2f µs %8.2f µs%s%n", c.name, micros[batches / 2], micros[0],
                    micros[batches - 1], sink == 42 ? " " : "");
        }
    }

    private record Case(String name, java.util.function.Supplier<Op> factory) {
    }
}
