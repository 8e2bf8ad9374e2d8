package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.LEGACY_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.assertNotEchoed;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * RFC 6749 §4.1.2 (and §10.5, RFC 9700 §4.5): a code is single-use; when it is used again the
 * request fails and the tokens already issued from it are revoked.
 */
class CodeReplayTest {

    private final TokenFixtures f = TokenFixtures.create();

    @Test
    void codeReplayIsInvalidGrantAndRevokesTokensIssuedFromIt() { // RFC 6749 §4.1.2
        String code = f.legacyCode();
        Map<String, String> form = form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY);
        TokenFixtures.Tokens first = TokenFixtures.tokens(f.token(form));
        assertThat(TokenFixtures.active(f.server, first.access())).isTrue();

        EndpointResponse replay = f.token(form);
        assertError(replay, 400, "invalid_grant");
        assertNotEchoed(replay, code);

        assertThat(f.server.validateAccessToken(first.access())).isInstanceOf(AccessTokenValidation.Inactive.class);
        assertError(f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", first.refresh(),
                "client_id", LEGACY)), 400, "invalid_grant");
        assertError(f.token(form("grant_type", "refresh_token", "refresh_token", first.refresh(),
                "client_id", LEGACY)), 400, "invalid_grant");
    }

    @Test
    void replayAlsoRevokesTokensRefreshedFromTheGrant() { // RFC 6749 §4.1.2: everything "based on" the code
        TokenFixtures.PkceCode c = f.mobileCode();
        Map<String, String> form = form("grant_type", "authorization_code", "code", c.code(),
                "redirect_uri", MOBILE_REDIRECT, "client_id", MOBILE, "code_verifier", c.verifier());
        TokenFixtures.Tokens first = TokenFixtures.tokens(f.token(form));
        TokenFixtures.Tokens refreshed = TokenFixtures.tokens(f.token(form("grant_type", "refresh_token",
                "refresh_token", first.refresh(), "client_id", MOBILE)));
        assertThat(TokenFixtures.active(f.server, refreshed.access())).isTrue();

        assertError(f.token(form), 400, "invalid_grant");

        assertThat(TokenFixtures.active(f.server, refreshed.access())).isFalse();
        assertError(f.token(form("grant_type", "refresh_token", "refresh_token", refreshed.refresh(),
                "client_id", MOBILE)), 400, "invalid_grant");
    }

    @Test
    void replayByAnotherClientAlsoRevokes() { // RFC 6749 §4.1.2: whoever replays, the code is burnt
        String code = f.legacyCode();
        TokenFixtures.Tokens first = TokenFixtures.tokens(f.token(form("grant_type", "authorization_code",
                "code", code, "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY)));
        assertError(f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", MOBILE_REDIRECT, "client_id", MOBILE)), 400, "invalid_grant");
        assertThat(TokenFixtures.active(f.server, first.access())).isFalse();
    }

    @Test
    void otherGrantsOfTheSameUserAndClientSurviveAReplay() { // revocation is per grant, not per user
        TokenFixtures.Tokens untouched = f.legacyTokens();
        String code = f.legacyCode();
        Map<String, String> form = form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY);
        f.token(form);
        f.token(form);
        assertThat(TokenFixtures.active(f.server, untouched.access())).isTrue();
    }

    @Test
    void replayArrivingWhileTheFirstExchangeIsStillIssuingRevokesWhatItIssues() throws Exception { // RFC 6749 §4.1.2
        // The first exchange has consumed the code and is about to store its grant (its tokens are
        // signed, no lock is held) when the replay arrives and is answered. The replay stores the
        // grant revoked before it exists (GrantStore.revokeBeforeCreation), so what the first
        // exchange stores next is dead from the start: whatever the interleaving, nothing stays active.
        CountDownLatch firstIsIssuing = new CountDownLatch(1);
        CountDownLatch replayAnswered = new CountDownLatch(1);
        AtomicBoolean holdOnce = new AtomicBoolean(true);
        StorageFaultWrapper[] wrapper = new StorageFaultWrapper[1];
        TokenFixtures g = TokenFixtures.create(b -> { }, s -> wrapper[0] = new StorageFaultWrapper(s));
        String code = g.legacyCode();
        wrapper[0].beforeEach = op -> {
            try {
                if (op.equals("grants.createFromCode") && holdOnce.compareAndSet(true, false)) {
                    firstIsIssuing.countDown();
                    if (!replayAnswered.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the replay never came");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        Map<String, String> form = form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<EndpointResponse> first = pool.submit(() -> g.token(form));
            assertThat(firstIsIssuing.await(30, TimeUnit.SECONDS)).isTrue();
            assertError(pool.submit(() -> g.token(form)).get(30, TimeUnit.SECONDS), 400, "invalid_grant");
            replayAnswered.countDown();

            EndpointResponse firstResponse = first.get(30, TimeUnit.SECONDS);
            assertThat(firstResponse.status()).as(firstResponse.body()).isEqualTo(200); // exactly one 200
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        for (String value : g.generated) {
            assertThat(TokenFixtures.active(g.server, value)).as("no token of the replayed code is active").isFalse();
        }
    }
}
