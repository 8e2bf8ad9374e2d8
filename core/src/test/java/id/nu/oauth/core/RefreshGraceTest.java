package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.client.SecretHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The per-client refresh grace window (issue 12 item 7) against RFC 9700 §4.14.2: off by default
 * (any reuse revokes the grant); on, a reuse of the just-rotated token by the same client within the
 * window and the bound gets fresh tokens and keeps the grant; outside either, reuse revokes as before.
 */
class RefreshGraceTest {

    private static final String APP = "tabs-app";

    private static TokenFixtures withGrace(Duration window, int reuses) {
        return TokenFixtures.create(b -> b.client(Client.publicClient(APP).redirectUri(MOBILE_REDIRECT)
                .scopes("profile").refreshGrace(window, reuses).build()));
    }

    private static TokenFixtures.Tokens issue(TokenFixtures f) {
        var verifier = new com.nimbusds.oauth2.sdk.pkce.CodeVerifier();
        String challenge = com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
                com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256, verifier).getValue();
        String code = f.authorize(form("response_type", "code", "client_id", APP, "redirect_uri", MOBILE_REDIRECT,
                "code_challenge", challenge, "code_challenge_method", "S256"));
        return TokenFixtures.tokens(f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", MOBILE_REDIRECT, "client_id", APP, "code_verifier", verifier.getValue())));
    }

    private static EndpointResponse refresh(TokenFixtures f, String refreshToken) {
        return f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", APP));
    }

    @Test
    void offByDefaultAReuseRevokesTheGrant() { // RFC 9700 §4.14.2
        assertThat(Client.publicClient("x").redirectUri(MOBILE_REDIRECT).build().refreshGrace().enabled()).isFalse();
        TokenFixtures f = withGrace(Duration.ZERO, 0);
        TokenFixtures.Tokens first = issue(f);
        TokenFixtures.Tokens second = TokenFixtures.tokens(refresh(f, first.refresh()));
        assertError(refresh(f, first.refresh()), 400, "invalid_grant");
        assertThat(TokenFixtures.active(f.server, second.access())).isFalse();
    }

    @Test
    void aLostResponseRetriedInsideTheWindowGetsFreshTokensAndKeepsTheGrant() {
        TokenFixtures f = withGrace(Duration.ofSeconds(10), 1);
        TokenFixtures.Tokens first = issue(f);
        TokenFixtures.Tokens lost = TokenFixtures.tokens(refresh(f, first.refresh())); // the response never arrived
        f.clock.advance(Duration.ofSeconds(3));

        TokenFixtures.Tokens retried = TokenFixtures.tokens(refresh(f, first.refresh()));

        assertThat(retried.refresh()).isNotNull().isNotEqualTo(lost.refresh()).isNotEqualTo(first.refresh());
        assertThat(TokenFixtures.active(f.server, retried.access())).isTrue();
        assertThat(TokenFixtures.active(f.server, lost.access())).as("the grant is kept").isTrue();
        TokenFixtures.Tokens next = TokenFixtures.tokens(refresh(f, retried.refresh()));
        assertThat(TokenFixtures.active(f.server, next.access())).isTrue();
        assertThat(f.server.userGrants(TokenFixtures.SUBJECT).get(0).lastUsed()).isEqualTo(f.clock.instant());
    }

    @Test
    void aReuseBeyondTheBoundRevokesTheGrant() { // RFC 9700 §4.14.2
        TokenFixtures f = withGrace(Duration.ofSeconds(10), 2);
        TokenFixtures.Tokens first = issue(f);
        TokenFixtures.Tokens rotated = TokenFixtures.tokens(refresh(f, first.refresh()));
        assertThat(refresh(f, first.refresh()).status()).isEqualTo(200);
        assertThat(refresh(f, first.refresh()).status()).isEqualTo(200);

        assertError(refresh(f, first.refresh()), 400, "invalid_grant");
        assertThat(TokenFixtures.active(f.server, rotated.access())).isFalse();
    }

    @Test
    void aReuseAfterTheWindowRevokesTheGrant() { // RFC 9700 §4.14.2
        TokenFixtures f = withGrace(Duration.ofSeconds(10), 5);
        TokenFixtures.Tokens first = issue(f);
        TokenFixtures.Tokens rotated = TokenFixtures.tokens(refresh(f, first.refresh()));
        f.clock.advance(Duration.ofSeconds(10));

        assertError(refresh(f, first.refresh()), 400, "invalid_grant");
        assertThat(TokenFixtures.active(f.server, rotated.access())).isFalse();
    }

    @Test
    void anotherClientPresentingTheRotatedTokenGetsNothing() { // RFC 6749 §6: bound to the client
        TokenFixtures f = withGrace(Duration.ofSeconds(10), 5);
        TokenFixtures.Tokens first = issue(f);
        refresh(f, first.refresh());
        assertError(f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", first.refresh(),
                "client_id", TokenFixtures.MOBILE)), 400, "invalid_grant");
    }

    @Test
    void fiftyRacingRefreshesWithinTheWindowAndBoundAllGetTokensAndKeepTheGrant() throws Exception {
        TokenFixtures f = withGrace(Duration.ofSeconds(5), 49);
        String refresh = issue(f).refresh();
        List<EndpointResponse> responses = race(50, () -> refresh(f, refresh));
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        for (EndpointResponse r : responses) {
            assertThat(TokenFixtures.active(f.server, TokenFixtures.tokens(r).access())).isTrue();
        }
    }

    @Test
    void fiftyRacingRefreshesBeyondTheBoundRevokeTheGrant() throws Exception { // RFC 9700 §4.14.2
        TokenFixtures f = withGrace(Duration.ofSeconds(5), 3);
        String refresh = issue(f).refresh();
        List<EndpointResponse> responses = race(50, () -> refresh(f, refresh));
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(4);
        assertThat(responses).filteredOn(r -> r.status() == 400).hasSize(46);
        for (EndpointResponse r : responses) {
            if (r.status() == 200) {
                assertThat(TokenFixtures.active(f.server, TokenFixtures.tokens(r).access())).isFalse();
            }
        }
    }

    @Test
    void aGraceWindowIsForRotatingRefreshTokensOnlyAndBounded() {
        assertThatThrownBy(() -> Client.confidential("p", SecretHash.of(SecretHash.generateSecret()))
                .redirectUri("https://p.example.org/cb").refreshPolicy(RefreshPolicy.KEEP)
                .refreshGrace(Duration.ofSeconds(5), 1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Client.publicClient("p").redirectUri(MOBILE_REDIRECT)
                .refreshGrace(Duration.ofSeconds(61), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Client.publicClient("p").redirectUri(MOBILE_REDIRECT)
                .refreshGrace(Duration.ofSeconds(5), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Client.publicClient("p").redirectUri(MOBILE_REDIRECT)
                .refreshGrace(Duration.ofMillis(1500), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    static <T> List<T> race(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
