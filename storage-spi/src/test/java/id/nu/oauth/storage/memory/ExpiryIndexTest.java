package id.nu.oauth.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store's expiry index on its own: exact purges to the nanosecond, whole-bucket purges
 * that never remove what has not expired, batch bounds, out-of-order and extreme instants, and adds
 * racing purges (nothing lost, nothing removed twice).
 */
class ExpiryIndexTest {

    private static final Instant NOW = Instant.parse("2040-01-01T00:00:00Z");

    private final ExpiryIndex index = new ExpiryIndex();
    /** What the index points to: key → expiry; the remover removes it if expired, as the store does. */
    private final Map<String, Instant> entries = new ConcurrentHashMap<>();
    private final List<String> removed = Collections.synchronizedList(new ArrayList<>());
    private final ExpiryIndex.Remover remover = (kind, key, now) -> {
        Instant at = entries.get(key);
        if (at != null && at.isBefore(now) && entries.remove(key, at)) {
            removed.add(key);
            return true;
        }
        return false;
    };

    private void add(String key, Instant at) {
        entries.put(key, at);
        index.add((byte) 0, key, at, NOW);
    }

    @Test
    void anExactPurgeRemovesEveryEntryExpiredBeforeTheInstantAndNoOther() {
        // one lifetime, so they share wide buckets (30 days: buckets of 2^15 s) and purges cut through one
        for (int i = 0; i < 1000; i++) {
            add("k" + i, NOW.plus(Duration.ofDays(30)).plusMillis(37L * i));
        }
        Instant cut = NOW.plus(Duration.ofDays(30)).plusMillis(37L * 500).plusNanos(1);

        assertThat(index.purge(cut, 10_000, true, remover)).isEqualTo(501);
        assertThat(entries).hasSize(499).allSatisfy((key, at) -> assertThat(at).isAfterOrEqualTo(cut));
        assertThat(index.purge(cut, 10_000, true, remover)).isZero();
        assertThat(index.purge(cut.plusMillis(37), 10_000, true, remover)).isEqualTo(1);
    }

    @Test
    void aPurgeOfWholeBucketsLeavesTheBucketHoldingNowAndNeverRemovesWhatHasNotExpired() {
        for (int i = 0; i < 100; i++) {
            add("k" + i, NOW.plus(Duration.ofDays(1)).plusSeconds(i * 60L)); // buckets of 1,024 s
        }
        Instant later = NOW.plus(Duration.ofDays(1)).plusSeconds(50 * 60L);

        int wholeBuckets = index.purge(later, 10_000, false, remover);

        assertThat(wholeBuckets).isBetween(50 - 1024 / 60 - 1, 50);
        assertThat(entries.values()).allSatisfy(at -> assertThat(at).isAfter(later.minusSeconds(1024)));
        assertThat(index.purge(later, 10_000, true, remover)).isEqualTo(50 - wholeBuckets);
        assertThat(entries.values()).allSatisfy(at -> assertThat(at).isAfterOrEqualTo(later));
    }

    @Test
    void aPurgeTakesNoMoreThanItsLimitAndTheRestLater() {
        for (int i = 0; i < 1000; i++) {
            add("k" + i, NOW.plusSeconds(60).plusNanos(i));
        }
        Instant later = NOW.plusSeconds(3600);

        assertThat(index.purge(later, 300, false, remover)).isEqualTo(300);
        assertThat(index.purge(later, 300, true, remover)).isEqualTo(300);
        assertThat(index.purge(later, 1, false, remover)).isEqualTo(1);
        assertThat(index.purge(later, 10_000, false, remover)).isEqualTo(399);
        assertThat(index.purge(later, 10_000, true, remover)).isZero();
        assertThat(new HashSet<>(removed)).hasSize(1000);
    }

    @Test
    void entriesAddedOutOfOrderAreStillPurgedExactly() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(7));
        for (int i : order) {
            add("k" + i, NOW.plus(Duration.ofDays(10)).plusMillis(i));
        }
        for (int cut = 0; cut <= 2000; cut += 250) {
            index.purge(NOW.plus(Duration.ofDays(10)).plusMillis(cut), 10_000, true, remover);
            int kept = cut;
            assertThat(entries).hasSize(2000 - cut).allSatisfy((key, at) -> assertThat(at)
                    .isAfterOrEqualTo(NOW.plus(Duration.ofDays(10)).plusMillis(kept)));
            add("late" + cut, NOW.plus(Duration.ofDays(10)).plusMillis(cut + 100)); // into the sorted bucket
            entries.remove("late" + cut);
        }
    }

    @Test
    void anEntryAddedAfterItsBucketWasDrainedIsStillPurged() {
        add("a", NOW.plusSeconds(10));
        assertThat(index.purge(NOW.plusSeconds(20), 100, false, remover)).isEqualTo(1);

        add("b", NOW.plusSeconds(10)); // the same bucket index, now drained and closed
        add("c", NOW.minusSeconds(3600)); // expired before it was added

        assertThat(index.purge(NOW.plusSeconds(20), 100, false, remover)).isEqualTo(2);
        assertThat(entries).isEmpty();
    }

    @Test
    void extremeInstantsAreIndexedWithoutOverflow() {
        add("max", Instant.MAX);
        add("min", Instant.MIN);
        add("far", Instant.parse("2500-01-01T00:00:00Z"));

        assertThat(index.purge(NOW, 100, true, remover)).isEqualTo(1);
        assertThat(removed).containsExactly("min");
        assertThat(index.purge(Instant.parse("2600-01-01T00:00:00Z"), 100, true, remover)).isEqualTo(1);
        assertThat(entries).containsOnlyKeys("max");
    }

    @Test
    void bucketWidthsAreAtMostOneSixtyFourthOfTheLifetime() {
        assertThat(ExpiryIndex.classOf(-5)).isZero();
        assertThat(ExpiryIndex.classOf(60)).isZero();
        assertThat(ExpiryIndex.classOf(900)).isEqualTo(3); // 8 s ≤ 900 / 64
        assertThat(ExpiryIndex.classOf(86_400)).isEqualTo(10); // 1,024 s ≤ 1,350
        assertThat(ExpiryIndex.classOf(30L * 86_400)).isEqualTo(15);
        for (long lifetime = 64; lifetime < 1L << 40; lifetime = lifetime * 3 + 1) {
            assertThat(1L << ExpiryIndex.classOf(lifetime)).isLessThanOrEqualTo(lifetime / 64);
        }
    }

    @Test
    void addsRacingPurgesLoseNothingAndNothingIsRemovedTwice() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    // lifetimes from 0 to ~30 s, some already expired: many short buckets opened and drained
                    add(thread + ":" + i, NOW.plusMillis((i * 7919L) % 30_000 - 2_000));
                }
                return null;
            }));
        }
        for (int p = 0; p < 2; p++) {
            boolean exact = p == 0;
            work.add(pool.submit(() -> {
                start.await();
                for (int s = 0; s < 200; s++) {
                    index.purge(NOW.plusMillis(s * 100L), 64, exact, remover);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        Instant end = NOW.plusSeconds(3600);
        while (index.purge(end, 1000, true, remover) > 0) {
            // drain the rest
        }
        assertThat(entries).isEmpty();
        assertThat(removed).hasSize(threads * perThread);
        assertThat(Set.copyOf(removed)).hasSize(threads * perThread);
    }
}
