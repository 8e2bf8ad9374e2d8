package id.nu.oauth.bench.engine;

import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.storage.contract.MutableClock;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Retained heap per live grant in the in-memory store: makes N grants through the engine's public
 * API (authorize + exchange, opaque tokens, rotating refresh), lets the codes expire and purges
 * them, and compares the heap after a full GC with the heap before. Reports two states: a fresh
 * grant (grant + access token + refresh token) and an older one whose access token has expired
 * and been purged (grant + refresh token), which is what most live grants look like.
 *
 * <pre>
 * java -Xmx4g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.engine.MemoryPerGrant 1000000
 * </pre>
 */
public final class MemoryPerGrant {

    private MemoryPerGrant() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        String scope = args.length > 1 ? args[1] : "OPAQUE";
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryStorage storage = InMemoryStorage.create(clock);
        Engines engines = new Engines(Engines.Variant.valueOf(scope), RefreshPolicy.ROTATE,
                Engines.Lifetimes.DEFAULTS, storage, clock);
        for (int i = 0; i < 20_000; i++) { // warm the code paths, then drop what they made
            engines.flow();
        }
        clock.advance(Duration.ofDays(100));
        while (storage.purgeExpired(clock.instant(), 100_000) > 0) {
            // purge everything the warm-up made
        }
        long before = usedAfterGc();
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            engines.flow();
        }
        long elapsed = System.nanoTime() - started;
        clock.advance(Duration.ofMinutes(2)); // the codes (60 s) have expired; tokens have not
        int codes = purgeAll(storage, clock);
        long withAccess = usedAfterGc() - before;
        clock.advance(Duration.ofMinutes(20)); // access tokens (15 min) have expired too
        int accessTokens = purgeAll(storage, clock);
        long refreshOnly = usedAfterGc() - before;

        System.out.printf("live grants:                         %,d (variant %s; %,d codes then %,d access tokens purged)%n",
                n, scope, codes, accessTokens);
        System.out.printf("flows made at:                        %.2f µs each (single thread, incl. GC)%n",
                elapsed / 1000.0 / n);
        System.out.printf("heap per grant + access + refresh:    %,d bytes%n", withAccess / n);
        System.out.printf("heap per grant + refresh (no access): %,d bytes%n", refreshOnly / n);
        System.out.printf("store entries still held:            %,d%n", storage.size());
        if (engines.server() == null) {
            throw new AssertionError(); // keep the engine (and its store) reachable up to here
        }
    }

    private static int purgeAll(InMemoryStorage storage, Clock clock) {
        int total = 0;
        int purged;
        do {
            purged = storage.purgeExpired(clock.instant(), 100_000);
            total += purged;
        } while (purged > 0);
        return total;
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
