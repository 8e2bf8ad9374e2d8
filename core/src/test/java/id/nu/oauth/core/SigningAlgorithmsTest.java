package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.JWT_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenClaimsVerifier;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@link SigningAlgorithm} signs id_tokens (OpenID Connect Core 1.0 §2) and JWT access tokens
 * (RFC 9068 §2.1) that Nimbus, an independent implementation, verifies against the published JWK set:
 * RS256 (RFC 7518 §3.3), PS256 (§3.5), ES256 (§3.4) and EdDSA with Ed25519 (RFC 8037 §3.1).
 */
class SigningAlgorithmsTest {

    /** The JWK key type and curve or size each algorithm publishes. */
    private static final Map<SigningAlgorithm, String> KEY_TYPE = Map.of(SigningAlgorithm.RS256, "RSA",
            SigningAlgorithm.PS256, "RSA", SigningAlgorithm.ES256, "EC", SigningAlgorithm.EdDSA, "OKP");

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void idTokensAndJwtAccessTokensVerifyAgainstThePublishedJwks(SigningAlgorithm algorithm) throws Exception {
        OidcFixtures f = OidcFixtures.create(b -> b.signingKeys(InMemorySigningKeys.generate(algorithm))
                .idTokenSigningAlgorithm(algorithm).accessTokenSigningAlgorithm(algorithm));
        JWSAlgorithm jws = JWSAlgorithm.parse(algorithm.jwsName());

        OidcFixtures.Tokens tokens = f.login(JWT_CLIENT, "openid", "n-" + algorithm);

        SignedJWT idToken = SignedJWT.parse(tokens.idToken());
        SignedJWT access = SignedJWT.parse(tokens.access());
        assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(jws);
        assertThat(access.getHeader().getAlgorithm()).isEqualTo(jws);
        JWKSet published = f.jwks();
        JWK key = published.getKeyByKeyId(idToken.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(key.getKeyType().getValue()).isEqualTo(KEY_TYPE.get(algorithm));
        assertThat(key.getAlgorithm()).isEqualTo(jws);

        if (algorithm != SigningAlgorithm.EdDSA) {
            // OIDC Core §3.1.3.7: signature, iss, aud, exp, iat and nonce, with Nimbus.
            f.validateIdToken(tokens.idToken(), JWT_CLIENT, "n-" + algorithm, jws);
            // RFC 9068 §4: typ at+jwt, the algorithm, a published key, the required claims.
            assertThat(f.verifyAccessToken(tokens.access(), published, jws).getSubject()).isNotBlank();
            // A verifier that expects another algorithm refuses it (RFC 8725 §3.1).
            JWSAlgorithm other = algorithm == SigningAlgorithm.RS256 ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
            assertThatThrownBy(() -> f.verifyAccessToken(tokens.access(), published, other))
                    .isInstanceOf(BadJOSEException.class);
        } else {
            // Nimbus's JWT processors select JDK keys, which an OKP key is not; its Ed25519Verifier
            // (through Google Tink, not the JDK code that signed) checks the signature instead.
            OctetKeyPair accessKey = published.getKeyByKeyId(access.getHeader().getKeyID()).toOctetKeyPair();
            assertThat(idToken.verify(new Ed25519Verifier(key.toOctetKeyPair()))).isTrue();
            assertThat(access.verify(new Ed25519Verifier(accessKey))).isTrue();
            assertThat(SignedJWT.parse(tamper(tokens.access())).verify(new Ed25519Verifier(accessKey))).isFalse();
            new IDTokenClaimsVerifier(new Issuer(OidcFixtures.ISSUER), new ClientID(JWT_CLIENT),
                    new Nonce("n-" + algorithm), 0).verify(idToken.getJWTClaimsSet(), null);
            assertThat(access.getHeader().getType()).isEqualTo(TokenSigner.AT_JWT);
            assertThat(access.getJWTClaimsSet().getClaims())
                    .containsKeys("iss", "exp", "aud", "sub", "client_id", "iat", "jti");
        }
        // §3.1.3.6: at_hash with the alg's hash; for EdDSA the curve's (SHA-512 for Ed25519).
        assertThat(IDTokenClaimsSet.parse(idToken.getJWTClaimsSet().toString()).getAccessTokenHash())
                .isEqualTo(AccessTokenHash.compute(new BearerAccessToken(tokens.access()), jws,
                        algorithm == SigningAlgorithm.EdDSA ? Curve.Ed25519 : null));

        // OIDC Discovery §3: the discovery document names the configured id_token algorithm.
        assertThat(OIDCProviderMetadata.parse(f.server.openIdConfiguration()).getIDTokenJWSAlgs())
                .containsExactly(jws);
    }

    /** The token with one claim changed and the signature kept. */
    private static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                java.nio.charset.StandardCharsets.UTF_8).replace("\"client_id\":\"", "\"client_id\":\"x");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"PS256", "EdDSA"})
    void theDefaultKeysIncludeTheConfiguredAlgorithm(SigningAlgorithm algorithm) throws Exception {
        AuthorizationServer server = AuthorizationServer.builder().issuer(OidcFixtures.ISSUER)
                .accessTokenSigningAlgorithm(algorithm).build();

        assertThat(JWKSet.parse(server.jwks()).getKeys()).extracting(k -> k.getAlgorithm().getName())
                .containsExactlyInAnyOrder("RS256", "ES256", algorithm.jwsName());
    }
}
