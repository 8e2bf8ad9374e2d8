package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published JWK set (RFC 7517 §5): public keys only, each with kid, alg and use. */
class JwksTest {

    /** RFC 7518 §6.2.2 and §6.3.2: the private members of EC and RSA keys. */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    @Test
    void theDefaultKeySetPublishesAnRs256AndAnEs256Key() throws Exception {
        AuthorizationServer server = AuthorizationServer.builder().issuer(OidcFixtures.ISSUER).build();

        JWKSet set = JWKSet.parse(server.jwks());

        assertThat(set.getKeys()).hasSize(2);
        JWK rsa = set.getKeys().stream().filter(k -> k.getKeyType() == KeyType.RSA).findFirst().orElseThrow();
        JWK ec = set.getKeys().stream().filter(k -> k.getKeyType() == KeyType.EC).findFirst().orElseThrow();
        assertThat(rsa.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(rsa.toRSAKey().size()).isEqualTo(2048);
        assertThat(ec.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(ec.toECKey().getCurve()).isEqualTo(com.nimbusds.jose.jwk.Curve.P_256);
        for (JWK key : set.getKeys()) {
            assertThat(key.getKeyID()).isNotBlank();
            assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
            // RFC 7638: the kid of a generated key is its thumbprint.
            assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        }
    }

    @Test
    void theJwkSetHasNoPrivatePart_rfc7517_5() throws Exception {
        OidcFixtures f = OidcFixtures.create();
        String json = f.server.jwks();

        Map<String, Object> parsed = JSONObjectUtils.parse(json);
        assertThat(JSONObjectUtils.getJSONObjectArray(parsed, "keys")).hasSize(2);
        for (Map<String, Object> key : JSONObjectUtils.getJSONObjectArray(parsed, "keys")) {
            assertThat(key).doesNotContainKeys(PRIVATE_MEMBERS.toArray(String[]::new));
        }
        for (JWK key : JWKSet.parse(json).getKeys()) {
            assertThat(key.isPrivate()).isFalse();
        }
        // The keys are the server's, by their public parts.
        assertThat(JWKSet.parse(json).getKeyByKeyId(OidcFixtures.RSA.getKeyID()))
                .isEqualTo(OidcFixtures.RSA.toPublicJWK());
    }

    @Test
    void evenAKeySourceThatReturnsPrivateKeysPublishesOnlyPublicOnes() throws Exception {
        SigningKeys careless = new SigningKeys() {
            @Override
            public SigningKey signingKey(SigningAlgorithm algorithm, Instant now) {
                return OidcFixtures.key(OidcFixtures.RSA);
            }

            @Override
            public List<SigningKey> verificationKeys(Instant now, Duration retention) {
                // private parts included, as the interface allows
                return List.of(OidcFixtures.key(OidcFixtures.RSA), OidcFixtures.key(OidcFixtures.EC));
            }
        };
        AuthorizationServer server = AuthorizationServer.builder().issuer(OidcFixtures.ISSUER)
                .signingKeys(careless).build();

        String json = server.jwks();

        for (Map<String, Object> key : JSONObjectUtils.getJSONObjectArray(JSONObjectUtils.parse(json), "keys")) {
            assertThat(key).doesNotContainKeys(PRIVATE_MEMBERS.toArray(String[]::new));
        }
        assertThat(json).doesNotContain(OidcFixtures.RSA.getPrivateExponent().toString())
                .doesNotContain(OidcFixtures.EC.getD().toString());
    }

    @Test
    void aHostProvidedKeySourceSignsTheTokens() throws Exception {
        OidcFixtures f = OidcFixtures.create(b -> b.signingKeys(OidcFixtures.keys(OidcFixtures.RSA)));

        String idToken = f.login(OidcFixtures.WEB, "openid", null).idToken();

        assertThat(com.nimbusds.jwt.SignedJWT.parse(idToken).getHeader().getKeyID())
                .isEqualTo(OidcFixtures.RSA.getKeyID());
        assertThat(f.jwks().getKeys()).containsExactly(OidcFixtures.RSA.toPublicJWK());
        assertThat(f.server.signingKeys().signingKey(SigningAlgorithm.RS256, f.clock.instant()).toJwkJson())
                .isEqualTo(OidcFixtures.RSA.toJSONString());
    }

    @Test
    void askingForThePublicKeysGeneratesOneKeyPerAlgorithm() {
        InMemorySigningKeys keys = InMemorySigningKeys.generate();
        AuthorizationServer server = AuthorizationServer.builder().issuer(OidcFixtures.ISSUER)
                .signingKeys(keys).build();

        server.validateAccessToken("nothing");

        // nothing observable was signed or published yet; asking publishes both algorithms
        assertThat(keys.verificationKeys(Instant.now(), Duration.ZERO)).hasSize(2);
    }
}
