package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.LEGACY_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single use under concurrency: 50 threads released at once by a start gate present the same code
 * (RFC 6749 §4.1.2) or the same rotating refresh token (RFC 9700 §4.14.2); exactly one succeeds.
 * All waits are bounded; nothing sleeps.
 */
class ConcurrentRedemptionTest {

    private static final int THREADS = 50;

    private final TokenFixtures f = TokenFixtures.create();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs the call on every thread at the same moment and returns every response. */
    private List<EndpointResponse> race(Supplier<EndpointResponse> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<EndpointResponse>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                if (!start.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("start gate never opened");
                }
                return call.get();
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads at the gate").isTrue();
        start.countDown();
        List<EndpointResponse> responses = new ArrayList<>();
        for (Future<EndpointResponse> future : futures) {
            responses.add(future.get(30, TimeUnit.SECONDS)); // an exception here fails the test
        }
        return responses;
    }

    @Test
    void oneCodeRedeemedByFiftyThreadsSucceedsExactlyOnce() throws Exception { // RFC 6749 §4.1.2
        String code = f.legacyCode();
        Map<String, String> form = form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY);
        List<EndpointResponse> responses = race(() -> f.token(form));
        List<EndpointResponse> ok = responses.stream().filter(r -> r.status() == 200).toList();
        // Exactly one redemption: the store makes the replays wait until the winner's grant is stored.
        assertThat(ok).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 200)
                .hasSize(THREADS - ok.size())
                .allSatisfy(r -> assertThat(TokenFixtures.json(r)).containsEntry("error", "invalid_grant"));
        // RFC 6749 §4.1.2: the 49 others are replays, so what the winner got is revoked again.
        for (String value : f.generated) {
            assertThat(TokenFixtures.active(f.server, value)).isFalse();
        }
    }

    @Test
    void oneRotatingRefreshTokenUsedByFiftyThreadsSucceedsExactlyOnce() throws Exception { // RFC 9700 §4.14.2
        TokenFixtures.Tokens t = f.mobileTokens();
        Map<String, String> form = form("grant_type", "refresh_token", "refresh_token", t.refresh(),
                "client_id", MOBILE);
        List<EndpointResponse> responses = race(() -> f.refreshAccessToken(form));
        List<EndpointResponse> ok = responses.stream().filter(r -> r.status() == 200).toList();
        assertThat(ok).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 200)
                .hasSize(THREADS - 1)
                .allSatisfy(r -> assertThat(TokenFixtures.json(r)).containsEntry("error", "invalid_grant"));
        // Every loser presented an already rotated token: reuse, so the grant is revoked, the
        // winner's new tokens included.
        TokenFixtures.Tokens winner = TokenFixtures.tokens(ok.get(0));
        assertThat(TokenFixtures.active(f.server, winner.access())).isFalse();
        assertThat(f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", winner.refresh(),
                "client_id", MOBILE)).status()).isEqualTo(400);
    }

    @Test
    void keptRefreshTokenServesConcurrentRefreshes() throws Exception { // KEEP: no single-use rule
        TokenFixtures.Tokens t = f.legacyTokens();
        Map<String, String> form = form("grant_type", "refresh_token", "refresh_token", t.refresh(),
                "client_id", LEGACY);
        List<EndpointResponse> responses = race(() -> f.refreshAccessToken(form));
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        assertThat(responses.stream().map(r -> TokenFixtures.json(r).get("access_token")).distinct()).hasSize(THREADS);
    }
}
