package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.PushedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.PushedRequestStore} guarantees: a saved request is found as saved,
 * any number of times, until it is consumed; {@code consume} is {@code true} exactly once under any
 * concurrency, after which the request is gone; an unknown hash is not found and not consumed; a
 * purge after it expires deletes it and counts it, a purge before leaves it. What it protects: a
 * {@code request_uri} is used once and for a short time (RFC 9126 §2.2, §4).
 *
 * <pre>{@code
 * class MyPushedRequestTest extends PushedRequestContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class PushedRequestContract extends StorageContractSupport {

    /** Rounds of the many-thread race: each round is a fresh request. */
    private static final int ROUNDS = 5;

    /** RFC 9126 §2.2: a short life; the engine's default is 60 seconds. */
    private static final Duration LIFETIME = Duration.ofSeconds(60);

    /** How many threads race for one request. */
    protected int threads() {
        return 50;
    }

    /** The longest a race may take; reaching it fails the test. */
    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    private PushedRequest newRequest(Duration lifetime) {
        return new PushedRequest(newHash(), CLIENT_ID,
                "response_type=code&client_id=" + CLIENT_ID + "&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb"
                        + "&scope=openid+profile&state=af0ifjsldkj&code_challenge=" + newHash()
                        + "&code_challenge_method=S256",
                now().plus(lifetime));
    }

    private PushedRequest saved() {
        PushedRequest request = newRequest(LIFETIME);
        storage.pushedRequests().save(request);
        return request;
    }

    @Test
    void aSavedRequestIsFoundAsSaved_rfc9126_2_2() {
        PushedRequest request = saved();

        assertThat(storage.pushedRequests().find(request.requestUriHash())).contains(request);
    }

    @Test
    void aLongRequestWithAnyCharactersRoundTrips() {
        // A request object (RFC 9101) in the parameters makes them long; values are any Unicode.
        String parameters = "request=" + "eyJhbGciOiJQUzI1NiJ9.".repeat(400) + "&login_hint=s%C3%BCsi&ui_locales=id";
        PushedRequest request = new PushedRequest(newHash(), OTHER_CLIENT_ID, parameters + "&x=çé漢字",
                now().plus(LIFETIME));
        storage.pushedRequests().save(request);

        assertThat(storage.pushedRequests().find(request.requestUriHash())).contains(request);
    }

    @Test
    void findingDoesNotUseTheRequestUp() {
        // The request is read while the user signs in and consents, then used up once.
        PushedRequest request = saved();
        for (int i = 0; i < 3; i++) {
            assertThat(storage.pushedRequests().find(request.requestUriHash())).contains(request);
        }

        assertThat(storage.pushedRequests().consume(request.requestUriHash())).isTrue();
    }

    @Test
    void anUnknownRequestIsNeitherFoundNorConsumed() {
        assertThat(storage.pushedRequests().find(newHash())).isEmpty();
        assertThat(storage.pushedRequests().consume(newHash())).isFalse();
    }

    @Test
    void aRequestUriIsUsedOnce_rfc9126_4() {
        // RFC 9126 §4: "the client MUST only use a request_uri value once. Authorization servers
        // SHOULD treat request_uri values as one-time use": consumed once, then gone.
        PushedRequest request = saved();

        assertThat(storage.pushedRequests().consume(request.requestUriHash())).isTrue();

        assertThat(storage.pushedRequests().consume(request.requestUriHash())).isFalse();
        assertThat(storage.pushedRequests().find(request.requestUriHash())).isEmpty();
        assertThat(storage.pushedRequests().consume(request.requestUriHash())).isFalse();
    }

    @Test
    void requestsAreIndependent() {
        PushedRequest first = saved();
        PushedRequest second = saved();

        storage.pushedRequests().consume(first.requestUriHash());

        assertThat(storage.pushedRequests().find(second.requestUriHash())).contains(second);
        assertThat(storage.pushedRequests().consume(second.requestUriHash())).isTrue();
    }

    @Test
    void aRequestSurvivesAPurgeBeforeItExpires() {
        PushedRequest request = saved();

        advance(LIFETIME.minusSeconds(1));
        assertThat(storage.purgeExpired(now(), 1000)).isZero();

        assertThat(storage.pushedRequests().find(request.requestUriHash())).contains(request);
        assertThat(storage.pushedRequests().consume(request.requestUriHash())).isTrue();
    }

    @Test
    void aPurgeAfterExpiryDeletesExactlyTheExpiredRequestsAndCountsThem() {
        PushedRequest expired = saved();
        PushedRequest alsoExpired = saved();
        PushedRequest live = newRequest(Duration.ofHours(2));
        storage.pushedRequests().save(live);

        advance(Duration.ofHours(1));
        assertThat(storage.purgeExpired(now(), 1000)).isEqualTo(2);

        assertThat(storage.pushedRequests().find(expired.requestUriHash())).isEmpty();
        assertThat(storage.pushedRequests().consume(alsoExpired.requestUriHash())).isFalse();
        assertThat(storage.pushedRequests().find(live.requestUriHash())).contains(live);
        assertThat(storage.purgeExpired(now(), 1000)).isZero();
    }

    @Test
    void aPurgeDeletesNoMoreThanTheBatchSize() {
        for (int i = 0; i < 3; i++) {
            saved();
        }
        advance(Duration.ofMinutes(5));

        assertThat(storage.purgeExpired(now(), 2)).isEqualTo(2);
        assertThat(storage.purgeExpired(now(), 2)).isEqualTo(1);
        assertThat(storage.purgeExpired(now(), 2)).isZero();
    }

    @Test
    void oneRequestConsumedByManyThreadsAtOnceIsConsumedExactlyOnce_rfc9126_4() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            PushedRequest request = saved();

            List<Boolean> results = Race.run(threads(), timeout(),
                    i -> () -> storage.pushedRequests().consume(request.requestUriHash()));

            assertThat(results).as("consumed, round %d", round).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(storage.pushedRequests().find(request.requestUriHash())).as("round %d", round).isEmpty();
        }
    }
}
