package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.RotateResult;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The atomic guarantees under concurrency: many threads released at the same instant by a start gate
 * call one operation on one record, and the outcome must be the one a serial execution allows.
 *
 * <ul>
 *   <li>one code consumed by {@link #threads()} threads: exactly one {@code Consumed}, the rest
 *       {@code Replayed} (RFC 6749 §4.1.2);</li>
 *   <li>one refresh token rotated by {@link #threads()} threads: exactly one {@code Rotated}, the rest
 *       {@code Reused}, and only the winner's new tokens exist (RFC 9700 §4.14.2);</li>
 *   <li>{@link #threads()} threads renewing one kept refresh token: every renewal succeeds and saves
 *       its tokens;</li>
 *   <li>one grant revoked by {@link #threads()} threads: exactly one {@code true};</li>
 *   <li>revocation racing rotation or renewal: no usable token is left.</li>
 * </ul>
 *
 * <p>No test sleeps or measures time; every wait is bounded by {@link #timeout()} so that a deadlock
 * fails the test instead of hanging the build.
 *
 * <pre>{@code
 * class MyConcurrencyTest extends ConcurrencyContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 *     protected int threads() { return 20; }   // if the store cannot serve 50 at once
 * }
 * }</pre>
 */
public abstract class ConcurrencyContract extends StorageContractSupport {

    /** Rounds of the two-thread revocation races: each round is a fresh grant and a fresh race. */
    private static final int RACE_ROUNDS = 20;

    /** Rounds of the many-thread code race: each round is a fresh code. */
    private static final int CODE_ROUNDS = 5;

    private ExecutorService pool;

    /** How many threads race for one record. */
    protected int threads() {
        return 50;
    }

    /** The longest any one test waits for its threads; reaching it fails the test. */
    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    @BeforeEach
    final void startPool() {
        pool = Executors.newFixedThreadPool(threads());
    }

    @AfterEach
    final void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(timeout().toMillis(), TimeUnit.MILLISECONDS))
                .as("racing threads finished").isTrue();
    }

    @Test
    void oneCodeConsumedByManyThreadsAtOnceIsConsumedExactlyOnce_rfc6749_4_1_2() throws Exception {
        // Several rounds, each a fresh code: a check-then-act window is narrow, one race may miss it.
        for (int round = 0; round < CODE_ROUNDS; round++) {
            AuthorizationCode code = newCode();
            storage.codes().save(code);

            List<ConsumeResult> results = race(threads(), i -> () -> storage.codes().consume(code.codeHash()));

            assertThat(results).as("Consumed, round %d", round)
                    .filteredOn(r -> r instanceof ConsumeResult.Consumed).hasSize(1);
            assertThat(results).as("Replayed, round %d", round)
                    .filteredOn(r -> r instanceof ConsumeResult.Replayed).hasSize(threads() - 1);
            assertThat(storage.codes().consume(code.codeHash())).isInstanceOf(ConsumeResult.Replayed.class);
        }
    }

    @Test
    void aRedemptionRacingItsReplaysNeverLeavesAUsableToken_rfc6749_4_1_2() throws Exception {
        // Many threads redeem one code at once, as the engine does: consume, then the one that
        // consumed stores the grant (createFromCode), each replay revokes it (revokeBeforeCreation),
        // whichever comes first. No lock is held between consume and createFromCode (the engine
        // signs there), so a replay often comes first: then the grant is stored revoked and the
        // winner's tokens are dead from the start. Either way, nothing issued from the code stays usable.
        for (int round = 0; round < CODE_ROUNDS; round++) {
            AuthorizationCode code = newCode();
            storage.codes().save(code);
            Grant grant = new Grant(code.grantId(), code.clientId(), code.subject(), code.scopes(), code.authTime(),
                    now(), now().plus(GRANT_LIFETIME), null);
            Token access = newAccessToken(grant);
            Token refresh = newRefreshToken(grant);

            List<String> outcomes = race(threads(), i -> () -> {
                ConsumeResult r = storage.codes().consume(code.codeHash());
                if (r instanceof ConsumeResult.Consumed) {
                    storage.grants().createFromCode(grant, List.of(access, refresh));
                    return "consumed";
                }
                storage.grants().revokeBeforeCreation(grant, now());
                return "replayed";
            });

            assertThat(outcomes).as("round %d", round).filteredOn("consumed"::equals).hasSize(1);
            assertThat(storage.grants().find(code.grantId())).as("round %d", round).get()
                    .extracting(Grant::revoked).isEqualTo(true);
            assertThat(usable(access)).as("access, round %d", round).isFalse();
            assertThat(usable(refresh)).as("refresh, round %d", round).isFalse();
        }
    }

    @Test
    void oneRefreshTokenRotatedByManyThreadsAtOnceRotatesExactlyOnce_rfc9700_4_14_2() throws Exception {
        Issued issued = issue();
        List<List<Token>> successors = new ArrayList<>();
        for (int i = 0; i < threads(); i++) {
            successors.add(successors(issued.refresh()));
        }
        Instant now = now();

        List<RotateResult> results = race(threads(),
                i -> () -> storage.tokens().rotate(issued.refresh().tokenHash(), successors.get(i), now));

        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof RotateResult.Rotated) {
                winners.add(i);
            }
        }
        assertThat(winners).as("callers that got Rotated").hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof RotateResult.Reused).hasSize(threads() - 1);
        int winner = winners.get(0);
        for (int i = 0; i < threads(); i++) {
            for (Token token : successors.get(i)) {
                if (i == winner) {
                    assertThat(found(token)).as("the winner's new token").contains(token);
                } else {
                    assertThat(found(token)).as("a loser's new token").isEmpty();
                }
            }
        }
        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.ROTATED);
    }

    @Test
    void manyThreadsRenewingOneKeptRefreshTokenAllSucceed() throws Exception {
        Issued issued = issue();
        advance(Duration.ofHours(1));
        Instant now = now();
        List<Instant> expiries = new ArrayList<>();
        List<Token> accessTokens = new ArrayList<>();
        for (int i = 0; i < threads(); i++) {
            expiries.add(now.plus(REFRESH_IDLE).plusSeconds(i));
            accessTokens.add(newAccessToken(issued.grant()));
        }

        List<Boolean> results = race(threads(), i -> () -> storage.tokens().renew(issued.refresh().tokenHash(),
                expiries.get(i), List.of(accessTokens.get(i)), now));

        assertThat(results).containsOnly(true);
        assertThat(accessTokens).allSatisfy(t -> assertThat(found(t)).contains(t));
        Token renewed = found(issued.refresh()).orElseThrow();
        assertThat(renewed.status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(renewed.expiresAt()).isIn(expiries);
    }

    @Test
    void oneGrantRevokedByManyThreadsAtOnceReportsTrueExactlyOnce() throws Exception {
        // What the Reused callers of a rotation race do next: each revokes the grant (RFC 9700 §4.14.2).
        Issued issued = issue();
        Instant now = now();

        List<Boolean> results = race(threads(), i -> () -> storage.grants().revoke(issued.grant().grantId(), now));

        assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(issued.tokens()).allSatisfy(t -> assertThat(statusOf(t)).isEqualTo(TokenStatus.REVOKED));
    }

    @Test
    void revokingAGrantWhileItsRefreshTokenRotatesLeavesNoUsableToken_rfc9700_4_14_2() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            Issued issued = issue();
            List<Token> next = successors(issued.refresh());
            Instant now = now();

            List<Object> results = race(2, i -> i == 0
                    ? () -> storage.grants().revoke(issued.grant().grantId(), now)
                    : () -> storage.tokens().rotate(issued.refresh().tokenHash(), next, now));

            assertThat(results.get(0)).as("revoke, round %d", round).isEqualTo(true);
            assertThat(results.get(1)).as("rotate, round %d", round)
                    .isInstanceOfAny(RotateResult.Rotated.class, RotateResult.Inactive.class);
            assertNothingUsable(round, issued, next);
        }
    }

    @Test
    void revokingAGrantWhileItsRefreshTokenIsRenewedLeavesNoUsableToken() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            Issued issued = issue();
            Token access = newAccessToken(issued.grant());
            Instant now = now();

            List<Object> results = race(2, i -> i == 0
                    ? () -> storage.grants().revoke(issued.grant().grantId(), now)
                    : () -> storage.tokens().renew(issued.refresh().tokenHash(), now.plus(REFRESH_IDLE),
                            List.of(access), now));

            assertThat(results.get(0)).as("revoke, round %d", round).isEqualTo(true);
            assertNothingUsable(round, issued, List.of(access));
        }
    }

    @Test
    void revokingATokenWhileItRotatesLeavesAtMostTheWinnersTokens_rfc9700_4_14_2() throws Exception {
        // RFC 7009 revocation of a refresh token racing its own rotation: either the rotation won
        // (then the old token reads ROTATED or REVOKED and only the new tokens live) or it lost
        // (then nothing new exists). Never a live old token next to live new ones.
        for (int round = 0; round < RACE_ROUNDS; round++) {
            Issued issued = issue();
            List<Token> next = successors(issued.refresh());
            Instant now = now();

            List<Object> results = race(2, i -> i == 0
                    ? () -> storage.tokens().revoke(issued.refresh().tokenHash())
                    : () -> storage.tokens().rotate(issued.refresh().tokenHash(), next, now));

            assertThat(usable(issued.refresh())).as("old refresh token, round %d", round).isFalse();
            if (results.get(1) instanceof RotateResult.Rotated) {
                assertThat(next).allSatisfy(t -> assertThat(found(t)).contains(t));
            } else {
                assertThat(results.get(1)).as("rotate, round %d", round).isInstanceOf(RotateResult.Inactive.class);
                assertThat(next).allSatisfy(t -> assertThat(found(t)).isEmpty());
            }
        }
    }

    private void assertNothingUsable(int round, Issued issued, List<Token> more) {
        List<Token> all = new ArrayList<>(issued.tokens());
        all.addAll(more);
        for (Token token : all) {
            assertThat(usable(token)).as("%s in round %d", token, round).isFalse();
        }
    }

    /** Builds task {@code i} of a race. */
    @FunctionalInterface
    protected interface Contender<T> {
        Callable<T> task(int i);
    }

    /**
     * Runs {@code n} tasks so that they start together: each waits at a gate until all are ready,
     * then all are let go at once. Returns their results in task order.
     */
    @SuppressWarnings("unchecked")
    protected final <T> List<T> race(int n, Contender<? extends T> contender) throws InterruptedException {
        if (n > threads()) {
            throw new IllegalArgumentException("a race of " + n + " needs " + n + " threads");
        }
        long deadline = System.nanoTime() + timeout().toNanos();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Callable<? extends T> task = contender.task(i);
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return (T) task.call();
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
                throw new AssertionError("racing calls did not finish within " + timeout(), e);
            }
        }
        return results;
    }

    @Test
    void manyThreadsReusingOneRotatedTokenInsideItsGraceWindowGetAtMostMaxReuses_rfc9700_4_14_2() throws Exception {
        Issued issued = issue();
        String hash = issued.refresh().tokenHash();
        assertThat(storage.tokens().rotate(hash, successors(issued.refresh()), now()))
                .isInstanceOf(RotateResult.Rotated.class);
        int maxReuses = 5;
        Instant windowStart = now().minusSeconds(10);
        List<List<Token>> offered = new ArrayList<>();
        for (int i = 0; i < threads(); i++) {
            offered.add(successors(issued.refresh()));
        }
        List<Boolean> taken = race(threads(),
                i -> () -> storage.tokens().takeGraceReuse(hash, windowStart, maxReuses, offered.get(i), now()));
        assertThat(taken).filteredOn(t -> t).hasSize(maxReuses);
        for (int i = 0; i < threads(); i++) {
            assertThat(found(offered.get(i).get(0)).isPresent()).as("tokens saved exactly for the winners")
                    .isEqualTo(taken.get(i));
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
