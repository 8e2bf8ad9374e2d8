package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link InMemorySigningKeys}: one signing key per algorithm, retired keys kept while needed. */
class KeysTest {

    private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(1);

    @Test
    void rotationSwitchesSigningAndKeepsTheOldKeyPublishedForTheRetention() {
        InMemorySigningKeys keys = InMemorySigningKeys.of(List.of(OidcFixtures.RSA));

        keys.rotate(T0);
        JWK next = keys.signingKey(JWSAlgorithm.RS256, T0);

        assertThat(next.getKeyID()).isNotEqualTo(OidcFixtures.RSA.getKeyID());
        assertThat(next.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(kids(keys, T0.plus(RETENTION).minusSeconds(1)))
                .containsExactlyInAnyOrder(OidcFixtures.RSA.getKeyID(), next.getKeyID());
        // RFC 7519 §4.1.4: at retirement + retention every token the old key signed has expired.
        assertThat(kids(keys, T0.plus(RETENTION))).containsExactly(next.getKeyID());
    }

    @Test
    void addingASuccessorRetiresOnlyTheKeyOfItsAlgorithm() throws Exception {
        InMemorySigningKeys keys = InMemorySigningKeys.of(List.of(OidcFixtures.RSA, OidcFixtures.EC));
        RSAKey successor = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.RS256).keyID("rsa-2025-06").generate();

        keys.add(successor, T0);

        assertThat(keys.signingKey(JWSAlgorithm.RS256, T0)).isEqualTo(successor);
        assertThat(keys.signingKey(JWSAlgorithm.ES256, T0)).isEqualTo(OidcFixtures.EC);
        assertThat(kids(keys, T0.plus(RETENTION))).containsExactlyInAnyOrder("rsa-2025-06",
                OidcFixtures.EC.getKeyID());
    }

    @Test
    void onlyUsableSigningKeysAreAccepted() throws Exception {
        RSAKey noKid = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.RS256).generate();
        RSAKey noAlg = new RSAKeyGenerator(2048).keyID("k").generate();
        RSAKey small = new RSAKeyGenerator(1024, true).algorithm(JWSAlgorithm.RS256).keyID("small").generate();
        RSAKey wrongAlg = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.ES256).keyID("w").generate();
        RSAKey ps256 = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.PS256).keyID("ps").generate();

        for (JWK bad : List.of(OidcFixtures.RSA.toPublicJWK(), noKid, noAlg, small, wrongAlg, ps256)) {
            assertThatThrownBy(() -> InMemorySigningKeys.of(List.of(bad))).as("%s", bad.getKeyID())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> InMemorySigningKeys.of(List.of(OidcFixtures.RSA, OidcFixtures.rsa())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InMemorySigningKeys.generate(JWSAlgorithm.HS256))
                .isInstanceOf(IllegalArgumentException.class);
        InMemorySigningKeys keys = InMemorySigningKeys.of(List.of(OidcFixtures.RSA));
        assertThatThrownBy(() -> keys.add(OidcFixtures.EC, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.add(OidcFixtures.RSA, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.signingKey(JWSAlgorithm.ES256, T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theBuilderRefusesAlgorithmsItCannotSignWith() {
        assertThatThrownBy(() -> AuthorizationServer.builder().idTokenSigningAlgorithm(JWSAlgorithm.HS256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizationServer.builder().accessTokenSigningAlgorithm(JWSAlgorithm.PS256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizationServer.builder().pairwiseSubjects(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> kids(InMemorySigningKeys keys, Instant now) {
        return keys.publicKeys(now, RETENTION).getKeys().stream().map(JWK::getKeyID).toList();
    }
}
