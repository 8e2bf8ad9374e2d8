package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.SingleUseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.SingleUseStore} guarantees: the first {@code markUsed} of a kind and
 * hash is {@code true}, every later one {@code false} for as long as the value is kept (at least until
 * {@code keepUntil}), under any concurrency; kinds never collide; a purge after {@code keepUntil}
 * forgets the value and counts it, a purge before leaves it. What it protects: a DPoP proof is used
 * once (RFC 9449 §11.1), and so is a client assertion (RFC 7523 §3, item 7).
 *
 * <pre>{@code
 * class MySingleUseTest extends SingleUseContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class SingleUseContract extends StorageContractSupport {

    /** Rounds of the many-thread race: each round is a fresh value. */
    private static final int ROUNDS = 5;

    private static final Duration KEEP = Duration.ofMinutes(5);

    /** How many threads race for one value. */
    protected int threads() {
        return 50;
    }

    /** The longest a race may take; reaching it fails the test. */
    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    private boolean mark(SingleUseKind kind, String hash) {
        return storage.singleUse().markUsed(kind, hash, now().plus(KEEP));
    }

    @Test
    void theFirstUseOfAValueIsAccepted_rfc9449_11_1() {
        assertThat(mark(SingleUseKind.DPOP_PROOF, newHash())).isTrue();
    }

    @Test
    void aSecondUseOfADpopProofJtiIsRefused_rfc9449_11_1() {
        // RFC 9449 §11.1: the server keeps the jti of proofs it accepted and refuses one seen before.
        String hash = newHash();
        mark(SingleUseKind.DPOP_PROOF, hash);

        assertThat(mark(SingleUseKind.DPOP_PROOF, hash)).isFalse();
    }

    @Test
    void everyLaterUseOfAClientAssertionJtiIsRefused_rfc7523_3() {
        // RFC 7523 §3 item 7: the server may ensure a JWT is not replayed by keeping its jti.
        String hash = newHash();
        assertThat(mark(SingleUseKind.CLIENT_ASSERTION, hash)).isTrue();

        for (int i = 0; i < 3; i++) {
            assertThat(mark(SingleUseKind.CLIENT_ASSERTION, hash)).as("use %d", i + 2).isFalse();
        }
    }

    @Test
    void kindsNeverCollide() {
        // A DPoP proof and a client assertion may carry the same jti: each is used once in its own kind.
        String hash = newHash();

        assertThat(mark(SingleUseKind.DPOP_PROOF, hash)).isTrue();
        assertThat(mark(SingleUseKind.CLIENT_ASSERTION, hash)).isTrue();
        assertThat(mark(SingleUseKind.DPOP_PROOF, hash)).isFalse();
        assertThat(mark(SingleUseKind.CLIENT_ASSERTION, hash)).isFalse();
    }

    @Test
    void valuesAreIndependent() {
        String first = newHash();
        String second = newHash();
        mark(SingleUseKind.DPOP_PROOF, first);

        assertThat(mark(SingleUseKind.DPOP_PROOF, second)).isTrue();
        assertThat(mark(SingleUseKind.DPOP_PROOF, first)).isFalse();
    }

    @Test
    void aLaterCallWithAnotherKeepUntilIsStillRefused() {
        String hash = newHash();
        storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, hash, now().plusSeconds(60));

        assertThat(storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, hash, now().plus(Duration.ofHours(1))))
                .isFalse();
    }

    @Test
    void aValueIsRememberedUntilKeepUntilDespiteWritesAndPurges() {
        String hash = newHash();
        mark(SingleUseKind.DPOP_PROOF, hash);

        // Other writes and a purge shortly before keepUntil must not make the store forget it.
        advance(KEEP.minusSeconds(1));
        mark(SingleUseKind.DPOP_PROOF, newHash());
        assertThat(storage.purgeExpired(now(), 1000)).isZero();

        assertThat(mark(SingleUseKind.DPOP_PROOF, hash)).isFalse();
    }

    @Test
    void aPurgeAfterKeepUntilForgetsExactlyTheExpiredValuesAndCountsThem() {
        String expiredProof = newHash();
        String expiredAssertion = newHash();
        String live = newHash();
        storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, expiredProof, now().plusSeconds(60));
        storage.singleUse().markUsed(SingleUseKind.CLIENT_ASSERTION, expiredAssertion, now().plusSeconds(60));
        storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, live, now().plus(Duration.ofHours(2)));

        advance(Duration.ofHours(1));
        assertThat(storage.purgeExpired(now(), 1000)).isEqualTo(2);

        assertThat(mark(SingleUseKind.DPOP_PROOF, live)).as("kept").isFalse();
        // forgotten: the engine refuses a proof or assertion that old by its iat or exp anyway
        assertThat(mark(SingleUseKind.DPOP_PROOF, expiredProof)).isTrue();
        assertThat(mark(SingleUseKind.CLIENT_ASSERTION, expiredAssertion)).isTrue();
    }

    @Test
    void aPurgeDeletesNoMoreThanTheBatchSize() {
        for (int i = 0; i < 5; i++) {
            storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, newHash(), now().plusSeconds(60));
        }
        advance(Duration.ofMinutes(30));

        assertThat(storage.purgeExpired(now(), 2)).isEqualTo(2);
        assertThat(storage.purgeExpired(now(), 2)).isEqualTo(2);
        assertThat(storage.purgeExpired(now(), 2)).isEqualTo(1);
        assertThat(storage.purgeExpired(now(), 2)).isZero();
    }

    @Test
    void oneValueMarkedByManyThreadsAtOnceIsAcceptedExactlyOnce_rfc9449_11_1() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String hash = newHash();
            Instant keepUntil = now().plus(KEEP);

            List<Boolean> results = Race.run(threads(), timeout(),
                    i -> () -> storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, hash, keepUntil));

            assertThat(results).as("accepted, round %d", round).filteredOn(Boolean::booleanValue).hasSize(1);
            assertThat(mark(SingleUseKind.DPOP_PROOF, hash)).as("after the race").isFalse();
        }
    }

    @Test
    void bothKindsRacingForOneHashAreEachAcceptedExactlyOnce() throws Exception {
        String hash = newHash();
        Instant keepUntil = now().plus(KEEP);
        SingleUseKind[] kinds = SingleUseKind.values();

        List<Boolean> results = Race.run(threads(), timeout(),
                i -> () -> storage.singleUse().markUsed(kinds[i % kinds.length], hash, keepUntil));

        for (int k = 0; k < kinds.length; k++) {
            int kind = k;
            long accepted = java.util.stream.IntStream.range(0, results.size())
                    .filter(i -> i % kinds.length == kind && results.get(i)).count();
            assertThat(accepted).as("accepted %s", kinds[k]).isEqualTo(1);
        }
    }
}
