package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.JWT_CLIENT;
import static id.nu.oauth.core.OidcFixtures.SERVICE;
import static id.nu.oauth.core.OidcFixtures.SUBJECT;
import static id.nu.oauth.core.OidcFixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JWT access tokens (RFC 9068) as a per-client choice beside opaque ones. */
class JwtAccessTokenTest {

    private final OidcFixtures f = OidcFixtures.create();

    @Test
    void nimbusAcceptsOurJwtAccessTokenWithThePublishedKeys_rfc9068_4() throws Exception {
        OidcFixtures.Tokens tokens = f.login(JWT_CLIENT, "openid profile", null);

        JWTClaimsSet claims = f.verifyAccessToken(tokens.access());

        // RFC 9068 §2.2
        assertThat(claims.getIssuer()).isEqualTo("https://nu.id/api");
        assertThat(claims.getSubject()).isEqualTo(SUBJECT);
        assertThat(claims.getAudience()).containsExactly("https://nu.id/api");
        assertThat(claims.getStringClaim("client_id")).isEqualTo(JWT_CLIENT);
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(f.clock.instant()));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(f.clock.instant().plus(Duration.ofMinutes(15))));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getStringClaim("scope")).isEqualTo("openid profile");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(f.authTime.getEpochSecond()); // RFC 9068 §2.2.1
        // The token response says the same (RFC 6749 §5.1).
        assertThat(tokens.body()).containsEntry("token_type", "Bearer").containsEntry("expires_in", 900L);
    }

    @Test
    void theHeaderSaysAtJwtAndNamesAPublishedKey_rfc9068_2_1() throws Exception {
        SignedJWT jwt = SignedJWT.parse(f.login(JWT_CLIENT, "openid", null).access());

        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(f.jwks().getKeyByKeyId(jwt.getHeader().getKeyID())).isNotNull();
    }

    @Test
    void nimbusRejectsAJwtSignedByAnUnknownKey_rfc9068_4() throws Exception {
        JWTClaimsSet genuine = f.verifyAccessToken(f.login(JWT_CLIENT, "openid", null).access());
        RSAKey stranger = OidcFixtures.rsa();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt")).keyID(stranger.getKeyID()).build(), genuine);
        forged.sign(new RSASSASigner(stranger));

        assertThatThrownBy(() -> f.verifyAccessToken(forged.serialize())).isInstanceOf(BadJOSEException.class);
        // Even under the kid of a genuine key.
        SignedJWT underOurKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt")).keyID(OidcFixtures.RSA.getKeyID()).build(), genuine);
        underOurKid.sign(new RSASSASigner(stranger));
        assertThatThrownBy(() -> f.verifyAccessToken(underOurKid.serialize())).isInstanceOf(BadJOSEException.class);
        // And the server does not know them.
        assertThat(f.server.validateAccessToken(underOurKid.serialize()))
                .isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void anIdTokenIsNotAcceptedAsAnAccessToken_rfc9068_4() {
        String idToken = f.login(JWT_CLIENT, "openid", null).idToken();

        // typ JWT, not at+jwt (RFC 9068 §4: resource servers check typ)
        assertThatThrownBy(() -> f.verifyAccessToken(idToken)).isInstanceOf(BadJOSEException.class);
        assertThat(f.server.validateAccessToken(idToken)).isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void opaqueStaysTheDefault() {
        String access = f.login(WEB, "openid", null).access();

        assertThatThrownBy(() -> JWTParser.parse(access)).isInstanceOf(java.text.ParseException.class);
        assertThat(access).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void theServerValidatesItsJwtAccessTokensByHash() {
        String access = f.login(JWT_CLIENT, "openid email", null).access();

        assertThat(f.server.validateAccessToken(access)).isInstanceOfSatisfying(AccessTokenValidation.Active.class,
                a -> {
                    assertThat(a.subject()).isEqualTo(SUBJECT);
                    assertThat(a.clientId()).isEqualTo(JWT_CLIENT);
                    assertThat(a.scopes()).containsExactlyInAnyOrder("openid", "email");
                });
    }

    @Test
    void aRevokedJwtIsInactiveForTheServerAndIntrospection_rfc7009_2_and_rfc7662_2_2() throws Exception {
        String access = f.login(JWT_CLIENT, "openid", null).access();
        assertThat(f.introspectActive(access)).isTrue();

        EndpointResponse revoked = f.server.revoke(EndpointRequest.of(OidcFixtures.form("token", access)));

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(f.server.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Inactive.class);
        assertThat(OidcFixtures.json(f.introspect(access))).containsExactly(java.util.Map.entry("active", false));
        // Its signature still verifies offline: self-contained tokens cannot be recalled, which is why
        // they live 15 minutes and resource servers that must see revocation introspect.
        assertThat(f.verifyAccessToken(access).getSubject()).isEqualTo(SUBJECT);
    }

    @Test
    void revokingTheGrantThroughTheRefreshTokenDeactivatesTheJwt_rfc7009_2_1() {
        OidcFixtures.Tokens tokens = f.login(JWT_CLIENT, "openid", null);

        f.server.revoke(EndpointRequest.of(OidcFixtures.form("token", tokens.refresh())));

        assertThat(f.introspectActive(tokens.access())).isFalse();
    }

    @Test
    void clientCredentialsGetAJwtWhoseSubjectIsTheClient_rfc9068_2_2_and_5() throws Exception {
        String access = f.serviceToken();

        JWTClaimsSet claims = f.verifyAccessToken(access);

        // §5: in a namespace of its own, so a resource server cannot take it for a user's sub
        assertThat(claims.getSubject()).isEqualTo("client:" + SERVICE);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(SERVICE);
        assertThat(claims.getStringClaim("scope")).isEqualTo("reports.read");
        assertThat(claims.getClaim("auth_time")).isNull();
        assertThat(f.introspectActive(access)).isTrue();
    }

    @Test
    void refreshGivesANewJwtWithTheOriginalAuthTime_rfc9068_2_2_1() throws Exception {
        OidcFixtures.Tokens first = f.login(JWT_CLIENT, "openid profile", null);
        f.clock.advance(Duration.ofMinutes(20));

        String second = OidcFixtures.tokens(f.refresh(JWT_CLIENT, first.refresh(), "scope", "profile")).access();
        JWTClaimsSet claims = f.verifyAccessToken(second);

        assertThat(claims.getLongClaim("auth_time")).isEqualTo(f.authTime.getEpochSecond());
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(f.clock.instant()));
        assertThat(claims.getStringClaim("scope")).isEqualTo("profile");
        // The first one has expired: Nimbus says so on the server's clock, and so does the server.
        assertThatThrownBy(() -> f.verifyAccessToken(first.access())).isInstanceOf(BadJOSEException.class);
        assertThat(f.introspectActive(first.access())).isFalse();
    }

    @Test
    void everyTokenHasItsOwnJti_rfc9068_2_2() throws Exception {
        String a = f.serviceToken();
        String b = f.serviceToken();

        assertThat(f.verifyAccessToken(a).getJWTID()).isNotEqualTo(f.verifyAccessToken(b).getJWTID());
    }

    @Test
    void es256AccessTokensWhenConfigured() throws Exception {
        OidcFixtures es = OidcFixtures.create(b -> b.accessTokenSigningAlgorithm(SigningAlgorithm.ES256));
        String access = es.serviceToken();

        assertThat(SignedJWT.parse(access).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(es.verifyAccessToken(access, es.jwks(), JWSAlgorithm.ES256).getSubject()).isEqualTo("client:" + SERVICE);
        assertThatThrownBy(() -> es.verifyAccessToken(access, es.jwks(), JWSAlgorithm.RS256))
                .isInstanceOf(BadJOSEException.class);
    }

    @Test
    void theAudienceIsConfigurable_rfc9068_3() throws Exception {
        OidcFixtures api = OidcFixtures.create(b -> b.accessTokenAudience("https://api.nu.id"));
        String access = api.serviceToken();

        assertThat(JWTParser.parse(access).getJWTClaimsSet().getAudience()).containsExactly("https://api.nu.id");
        assertThat(OidcFixtures.json(api.introspect(access)).get("aud")).isIn("https://api.nu.id",
                List.of("https://api.nu.id"));
    }

    @Test
    void nimbusRejectsOurJwtWithoutTheKeys() {
        String access = f.serviceToken();

        assertThatThrownBy(() -> f.verifyAccessToken(access, new JWKSet(), JWSAlgorithm.RS256))
                .isInstanceOf(BadJOSEException.class);
    }
}
