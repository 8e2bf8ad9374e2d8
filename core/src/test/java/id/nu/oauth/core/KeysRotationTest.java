package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.JWT_CLIENT;
import static id.nu.oauth.core.OidcFixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key rotation through the server: a new key signs, the retired key stays in the JWK set until
 * every token it signed has expired (the longest token lifetime: the id_token's hour), then leaves.
 */
class KeysRotationTest {

    @Test
    void tokensSignedBeforeAndAfterRotationBothVerifyUntilTheOldOnesExpire() throws Exception {
        InMemorySigningKeys keys = OidcFixtures.keys(OidcFixtures.RSA, OidcFixtures.EC);
        OidcFixtures f = OidcFixtures.create(b -> b.signingKeys(keys));
        String oldKid = OidcFixtures.RSA.getKeyID();

        OidcFixtures.Tokens before = f.login(JWT_CLIENT, "openid", "before");
        assertThat(kid(before.access())).isEqualTo(oldKid);
        f.clock.advance(Duration.ofSeconds(30)); // Nimbus checks id_token iat against the real clock

        java.time.Instant rotatedAt = f.clock.instant();
        keys.rotate(rotatedAt);
        OidcFixtures.Tokens after = f.login(JWT_CLIENT, "openid", "after");
        String newKid = kid(after.access());
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(kid(after.idToken())).isEqualTo(newKid);

        // Both generations verify with the JWK set published now, offline and at the server.
        JWKSet published = f.jwks();
        assertThat(kids(published)).contains(oldKid, newKid);
        assertThat(f.verifyAccessToken(before.access(), published, JWSAlgorithm.RS256).getSubject())
                .isEqualTo(OidcFixtures.SUBJECT);
        assertThat(f.verifyAccessToken(after.access(), published, JWSAlgorithm.RS256).getSubject())
                .isEqualTo(OidcFixtures.SUBJECT);
        assertThat(f.validateIdToken(before.idToken(), JWT_CLIENT, "before").getNonce().getValue()).isEqualTo("before");
        assertThat(f.validateIdToken(after.idToken(), JWT_CLIENT, "after").getNonce().getValue()).isEqualTo("after");
        assertThat(f.introspectActive(before.access())).isTrue();
        assertThat(f.introspectActive(after.access())).isTrue();

        // The access token from before the rotation expires 15 minutes after its issue; the newer one later.
        f.clock.advance(Duration.ofMinutes(15).minusSeconds(30));
        assertThatThrownBy(() -> f.verifyAccessToken(before.access(), f.jwks(), JWSAlgorithm.RS256))
                .isInstanceOf(BadJOSEException.class);
        assertThat(f.introspectActive(before.access())).isFalse();
        assertThat(f.verifyAccessToken(after.access(), f.jwks(), JWSAlgorithm.RS256).getSubject())
                .isEqualTo(OidcFixtures.SUBJECT);
        assertThat(f.introspectActive(after.access())).isTrue();

        // The old key signed id_tokens valid for an hour: it stays published until an hour after
        // its retirement, and is gone from then on.
        f.clock.set(rotatedAt.plus(Duration.ofHours(1)).minusSeconds(1));
        assertThat(kids(f.jwks())).contains(oldKid, newKid);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(kids(f.jwks())).doesNotContain(oldKid).contains(newKid);

        // New tokens keep verifying with what is published.
        OidcFixtures.Tokens later = f.login(WEB, "openid", null);
        assertThat(f.verifyAccessToken(f.serviceToken(), f.jwks(), JWSAlgorithm.RS256).getIssuer())
                .isEqualTo("https://nu.id/api");
        assertThat(kid(later.idToken())).isEqualTo(newKid);
        // The ES256 key was rotated too and its predecessor has left as well.
        assertThat(kids(f.jwks())).doesNotContain(OidcFixtures.EC.getKeyID()).hasSize(2);
    }

    private static String kid(String jwt) throws java.text.ParseException {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }

    private static List<String> kids(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).toList();
    }
}
