package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.StoredSigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.SigningKeyStore} guarantees: an added key is found as added (its
 * encrypted part byte for byte); {@code add} is a compare-and-set on the algorithm and generation,
 * so that of any number of nodes rotating at once exactly one adds the successor; algorithms are
 * independent; {@code findAll} orders by algorithm, then generation; a purge after a key's
 * {@code expiresAt} deletes it and counts it, a purge before leaves it.
 *
 * <pre>{@code
 * class MySigningKeyStoreTest extends SigningKeyStoreContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class SigningKeyStoreContract extends StorageContractSupport {

    private static final Duration LIFE = Duration.ofDays(30);

    /** How many threads race to rotate. */
    protected int threads() {
        return 50;
    }

    /** The longest a race may take; reaching it fails the test. */
    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    /** A key row shaped like the engine's: a JWE compact serialization of an RSA key is about 3 kB. */
    private StoredSigningKey key(String algorithm, long generation, Duration life) {
        Instant activates = now();
        String jwe = "eyJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiZGlyIn0.." + newHash().substring(0, 16) + "."
                + (newHash() + newHash()).repeat(40) + "." + newHash().substring(0, 22);
        return new StoredSigningKey(newHash(), algorithm, generation, activates, activates.plus(life), jwe);
    }

    @Test
    void anEmptyStoreHasNoKeys() {
        assertThat(storage.signingKeys().findAll()).isEmpty();
    }

    @Test
    void anAddedKeyIsFoundAsAdded() {
        StoredSigningKey key = key("RS256", 1, LIFE);

        assertThat(storage.signingKeys().add(key)).isTrue();

        assertThat(storage.signingKeys().findAll()).containsExactly(key);
    }

    @Test
    void aSecondKeyForTheSameAlgorithmAndGenerationIsRefusedAndNotStored() {
        StoredSigningKey first = key("ES256", 1, LIFE);
        StoredSigningKey rival = key("ES256", 1, LIFE);
        storage.signingKeys().add(first);

        assertThat(storage.signingKeys().add(rival)).isFalse();

        assertThat(storage.signingKeys().findAll()).containsExactly(first);
    }

    @Test
    void aKeyWhoseKidIsTakenIsRefused() {
        StoredSigningKey first = key("ES256", 1, LIFE);
        storage.signingKeys().add(first);
        StoredSigningKey sameKid = new StoredSigningKey(first.keyId(), "ES256", 2, now(), now().plus(LIFE), "x.y.z");

        assertThat(storage.signingKeys().add(sameKid)).isFalse();

        assertThat(storage.signingKeys().findAll()).containsExactly(first);
    }

    @Test
    void algorithmsAndGenerationsAreIndependentAndListedInOrder() {
        StoredSigningKey rs2 = key("RS256", 2, LIFE);
        StoredSigningKey es1 = key("ES256", 1, LIFE);
        StoredSigningKey rs1 = key("RS256", 1, LIFE);

        assertThat(storage.signingKeys().add(rs2)).isTrue();
        assertThat(storage.signingKeys().add(es1)).isTrue();
        assertThat(storage.signingKeys().add(rs1)).isTrue();

        assertThat(storage.signingKeys().findAll()).containsExactly(es1, rs1, rs2);
    }

    @Test
    void manyNodesRotatingAtOnceAddExactlyOneSuccessor() throws Exception {
        // Every node finds generation 1 due and offers its own generation 2: one is stored, never two.
        StoredSigningKey current = key("RS256", 1, LIFE);
        storage.signingKeys().add(current);
        List<StoredSigningKey> offers = java.util.stream.IntStream.range(0, threads())
                .mapToObj(i -> key("RS256", 2, LIFE)).toList();

        List<Boolean> added = Race.run(threads(), timeout(), i -> () -> storage.signingKeys().add(offers.get(i)));

        assertThat(added).filteredOn(Boolean::booleanValue).hasSize(1);
        StoredSigningKey winner = offers.get(added.indexOf(true));
        assertThat(storage.signingKeys().findAll()).containsExactly(current, winner);
    }

    @Test
    void aPurgeAfterExpiryDeletesExactlyTheExpiredKeysAndCountsThem() {
        StoredSigningKey retired = key("RS256", 1, Duration.ofHours(1));
        StoredSigningKey current = key("RS256", 2, LIFE);
        storage.signingKeys().add(retired);
        storage.signingKeys().add(current);

        advance(Duration.ofMinutes(59));
        assertThat(storage.purgeExpired(now(), 1000)).isZero();
        assertThat(storage.signingKeys().findAll()).containsExactly(retired, current);

        advance(Duration.ofMinutes(2));
        assertThat(storage.purgeExpired(now(), 1000)).isEqualTo(1);
        assertThat(storage.signingKeys().findAll()).containsExactly(current);
        assertThat(storage.purgeExpired(now(), 1000)).isZero();
    }
}
