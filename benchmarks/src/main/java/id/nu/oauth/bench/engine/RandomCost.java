package id.nu.oauth.bench.engine;

import id.nu.oauth.core.TokenGenerator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a 256-bit token costs to draw, by source, with 1 and N threads drawing at once: one shared
 * {@code new SecureRandom()} (NativePRNG on Linux: one JVM-wide lock, a {@code /dev/urandom} read
 * per draw), which {@link TokenGenerator#secureRandom()} and the correlation ids use, against the
 * JDK's DRBG (Hash_DRBG SHA-256 at 256-bit strength) striped by thread, the alternative measured in
 * issue 14's third session (and not adopted: it is no cheaper). Prints the threads' CPU time per
 * token and the wall time per token over all threads (a queue on the lock shows in the latter).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.engine.RandomCost 4 200000
 * </pre>
 */
public final class RandomCost {

    private RandomCost() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int each = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        SecureRandom shared = new SecureRandom();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        TokenGenerator nativePrng = () -> {
            byte[] bytes = new byte[32];
            shared.nextBytes(bytes);
            return encoder.encodeToString(bytes);
        };
        SecureRandom[] stripes = new SecureRandom[4];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = SecureRandom.getInstance("DRBG", java.security.DrbgParameters.instantiation(256,
                    java.security.DrbgParameters.Capability.RESEED_ONLY, null));
        }
        TokenGenerator drbg = () -> {
            byte[] bytes = new byte[32];
            stripes[(int) Thread.currentThread().getId() & (stripes.length - 1)].nextBytes(bytes);
            return encoder.encodeToString(bytes);
        };
        TokenGenerator engine = TokenGenerator.secureRandom();
        System.out.printf(Locale.ROOT, "shared SecureRandom: %s; %d processors%n", shared.getAlgorithm(),
                Runtime.getRuntime().availableProcessors());
        for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
            for (int n : new int[] {1, threads}) {
                report("shared " + shared.getAlgorithm(), n, run(nativePrng, n, each), each);
                report("TokenGenerator.secureRandom()", n, run(engine, n, each), each);
                report("DRBG-256, 4 stripes by thread", n, run(drbg, n, each), each);
            }
        }
    }

    private static void report(String name, int threads, long[] cpuAndWall, int each) {
        double tokens = (double) threads * each;
        System.out.printf(Locale.ROOT, "%-32s %d thread(s): %7.2f µs CPU/token, %7.2f µs wall/token%n", name,
                threads, cpuAndWall[0] / 1e3 / tokens, cpuAndWall[1] / 1e3 / tokens);
    }

    /** Total CPU ns of the drawing threads, and the wall ns from start to the last one's end. */
    private static long[] run(TokenGenerator generator, int threads, int each) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong cpu = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> list = new ArrayList<>();
        AtomicLong sink = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long c0 = mx.getCurrentThreadCpuTime();
                long h = 0;
                for (int i = 0; i < each; i++) {
                    h += generator.newToken().charAt(7);
                }
                cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
                sink.addAndGet(h);
            });
            thread.start();
            list.add(thread);
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread thread : list) {
            thread.join();
        }
        return new long[] {cpu.get(), System.nanoTime() - t0};
    }
}
