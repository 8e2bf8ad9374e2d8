package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
        InMemorySigningKeys keys = OidcFixtures.keys(OidcFixtures.RSA);

        keys.rotate(T0);
        SigningKey next = keys.signingKey(SigningAlgorithm.RS256, T0);

        assertThat(next.keyId()).isNotEqualTo(OidcFixtures.RSA.getKeyID());
        assertThat(next.algorithm()).isEqualTo(SigningAlgorithm.RS256);
        assertThat(kids(keys, T0.plus(RETENTION).minusSeconds(1)))
                .containsExactlyInAnyOrder(OidcFixtures.RSA.getKeyID(), next.keyId());
        // RFC 7519 §4.1.4: at retirement + retention every token the old key signed has expired.
        assertThat(kids(keys, T0.plus(RETENTION))).containsExactly(next.keyId());
    }

    @Test
    void addingASuccessorRetiresOnlyTheKeyOfItsAlgorithm() throws Exception {
        InMemorySigningKeys keys = OidcFixtures.keys(OidcFixtures.RSA, OidcFixtures.EC);
        SigningKey successor = OidcFixtures.key(
                new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.RS256).keyID("rsa-2025-06").generate());

        keys.add(successor, T0);

        assertThat(keys.signingKey(SigningAlgorithm.RS256, T0)).isEqualTo(successor);
        assertThat(keys.signingKey(SigningAlgorithm.ES256, T0)).isEqualTo(OidcFixtures.key(OidcFixtures.EC));
        assertThat(kids(keys, T0.plus(RETENTION))).containsExactlyInAnyOrder("rsa-2025-06",
                OidcFixtures.EC.getKeyID());
    }

    @Test
    void onlyUsableSigningKeysAreAccepted() throws Exception {
        RSAKey noKid = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.RS256).generate();
        RSAKey noAlg = new RSAKeyGenerator(2048).keyID("k").generate();
        RSAKey small = new RSAKeyGenerator(1024, true).algorithm(JWSAlgorithm.RS256).keyID("small").generate();
        RSAKey wrongAlg = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.ES256).keyID("w").generate();
        RSAKey hs256 = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.HS256).keyID("hs").generate();
        RSAKey encryption = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.ENCRYPTION)
                .keyID("enc").generate();
        ECKey ps256OnEc = new ECKeyGenerator(Curve.P_256).algorithm(JWSAlgorithm.PS256).keyID("pe").generate();

        for (JWK bad : List.of(OidcFixtures.RSA.toPublicJWK(), noKid, noAlg, small, wrongAlg, hs256, encryption,
                ps256OnEc)) {
            assertThatThrownBy(() -> SigningKey.fromJwkJson(bad.toJSONString())).as("%s", bad.getKeyID())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SigningKey.fromJwkJson("{\"kty\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JWK");
        assertThatThrownBy(() -> OidcFixtures.keys(OidcFixtures.RSA, OidcFixtures.rsa()))
                .isInstanceOf(IllegalArgumentException.class);
        InMemorySigningKeys keys = OidcFixtures.keys(OidcFixtures.RSA);
        assertThatThrownBy(() -> keys.add(OidcFixtures.key(OidcFixtures.EC), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.add(OidcFixtures.key(OidcFixtures.RSA), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.signingKey(SigningAlgorithm.ES256, T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void generatedKeysAreOfTheKindEachAlgorithmNeeds_rfc7518_3_1_rfc8037_3_1() throws Exception {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            SigningKey key = SigningKey.generate(algorithm);
            JWK jwk = JWK.parse(key.toJwkJson());

            assertThat(key.algorithm()).isEqualTo(algorithm);
            assertThat(jwk.getAlgorithm().getName()).isEqualTo(algorithm.jwsName());
            assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
            assertThat(jwk.isPrivate()).isTrue();
            // RFC 7638: the kid of a generated key is its thumbprint.
            assertThat(key.keyId()).isEqualTo(jwk.computeThumbprint().toString());
            switch (algorithm) {
                case RS256, PS256 -> assertThat(jwk.toRSAKey().size()).isEqualTo(2048);
                case ES256 -> assertThat(jwk.toECKey().getCurve()).isEqualTo(Curve.P_256);
                case EdDSA -> assertThat(jwk.toOctetKeyPair().getCurve()).isEqualTo(Curve.Ed25519);
            }
            assertThat(key.toString()).doesNotContain(jwk.toJSONObject().get("d").toString());
            assertThat(JWK.parse(key.toPublicJwkJson()).isPrivate()).isFalse();
            assertThat(SigningKey.fromJwkJson(key.toJwkJson())).isEqualTo(key);
        }
    }

    @Test
    void aJwkSetRoundTripsThroughItsJsonForm() throws Exception {
        InMemorySigningKeys keys = InMemorySigningKeys.generate(SigningAlgorithm.values());

        String json = keys.toJwkSetJson();
        InMemorySigningKeys again = InMemorySigningKeys.fromJwkSetJson(json);

        assertThat(JWKSet.parse(json).getKeys()).hasSize(4).allMatch(JWK::isPrivate);
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            assertThat(again.signingKey(algorithm, T0)).isEqualTo(keys.signingKey(algorithm, T0));
        }
        assertThat(again.toJwkSetJson()).isEqualTo(json);
        // A public JWK set is no key source: a signing key needs its private part.
        assertThatThrownBy(() -> InMemorySigningKeys.fromJwkSetJson(JWKSet.parse(json).toPublicJWKSet().toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private part");
        assertThatThrownBy(() -> InMemorySigningKeys.fromJwkSetJson("[]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JWK set");
    }

    @Test
    void theAlgorithmsAreNamedAsInTheJwsHeader() {
        assertThat(SigningAlgorithm.fromJwsName("EdDSA")).isEqualTo(SigningAlgorithm.EdDSA);
        assertThat(SigningAlgorithm.PS256.jwsName()).isEqualTo("PS256");
        assertThatThrownBy(() -> SigningAlgorithm.fromJwsName("HS256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningAlgorithm.fromJwsName("none")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizationServer.builder().idTokenSigningAlgorithm(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AuthorizationServer.builder().pairwiseSubjects(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> kids(InMemorySigningKeys keys, Instant now) {
        return keys.verificationKeys(now, RETENTION).stream().map(SigningKey::keyId).toList();
    }
}
