package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs {@code n} calls so that they start together: each waits at a gate until all are ready, then
 * all are let go at once. Every wait is bounded, so a deadlock fails the test instead of hanging it.
 */
final class Race {

    private Race() {
    }

    /** The results of {@code n} racing calls, in call order; task {@code i} is {@code task.apply(i)}. */
    static <T> List<T> run(int n, Duration timeout, IntFunction<Callable<T>> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> call = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(remaining(deadline), TimeUnit.NANOSECONDS)).as("all racers ready").isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get(remaining(deadline), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("a racing call failed", e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("racing calls did not finish within " + timeout, e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .as("racing threads finished").isTrue();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
