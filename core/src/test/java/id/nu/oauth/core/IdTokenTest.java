package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.JWT_CLIENT;
import static id.nu.oauth.core.OidcFixtures.MOBILE;
import static id.nu.oauth.core.OidcFixtures.SUBJECT;
import static id.nu.oauth.core.OidcFixtures.WEB;
import static id.nu.oauth.core.OidcFixtures.WEB2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.jose.proc.BadJOSEException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The id_token of the code flow and of refreshes (OpenID Connect Core 1.0 §2, §3.1.3, §12.2). */
class IdTokenTest {

    private final OidcFixtures f = OidcFixtures.create();

    @Test
    void openidScopeBringsAnIdTokenThatNimbusValidatesWithThePublishedKeys_oidcCore_3_1_3_3_and_3_1_3_7()
            throws Exception {
        EndpointResponse response = f.exchange(f.code(WEB, "openid profile", "n-0S6_WzA2Mj"));

        // Nimbus reads the response as an OpenID Connect token response.
        OIDCTokenResponse parsed = (OIDCTokenResponse) OIDCTokenResponseParser.parse(OidcFixtures.http(response));
        String idToken = parsed.getOIDCTokens().getIDTokenString();
        IDTokenClaimsSet claims = f.validateIdToken(idToken, WEB, "n-0S6_WzA2Mj");

        assertThat(claims.getIssuer().getValue()).isEqualTo("https://nu.id/api");
        assertThat(claims.getSubject().getValue()).isEqualTo(SUBJECT);
        assertThat(claims.getAudience()).containsExactly(new Audience(WEB));
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(f.clock.instant()));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(f.clock.instant().plus(Duration.ofHours(1))));
        assertThat(claims.getAuthenticationTime()).isEqualTo(Date.from(f.authTime));
        assertThat(claims.getNonce().getValue()).isEqualTo("n-0S6_WzA2Mj");
        // §2: azp is needed only with several audiences; this server never issues those.
        assertThat(claims.getAuthorizedParty()).isNull();
    }

    @Test
    void atHashBindsTheAccessTokenIssuedWithIt_oidcCore_3_1_3_8() throws Exception {
        OidcFixtures.Tokens tokens = f.login(WEB, "openid", null);
        IDTokenClaimsSet claims = f.validateIdToken(tokens.idToken(), WEB, null);

        assertThat(claims.getAccessTokenHash()).isEqualTo(
                AccessTokenHash.compute(new BearerAccessToken(tokens.access()), JWSAlgorithm.RS256));
        assertThat(claims.getAccessTokenHash()).isNotEqualTo(
                AccessTokenHash.compute(new BearerAccessToken(tokens.refresh()), JWSAlgorithm.RS256));
    }

    @Test
    void headerNamesTheAlgorithmAndAPublishedKid_rfc7515_4_1_4() throws Exception {
        SignedJWT jwt = SignedJWT.parse(f.login(WEB, "openid", null).idToken());

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(f.jwks().getKeyByKeyId(jwt.getHeader().getKeyID())).isNotNull();
    }

    @Test
    void nimbusRejectsTheIdTokenForAnotherNonce_oidcCore_3_1_3_7_step11() {
        String idToken = f.login(WEB, "openid", "the-nonce-sent").idToken();

        assertThatThrownBy(() -> f.validateIdToken(idToken, WEB, "another-nonce"))
                .isInstanceOf(BadJOSEException.class);
    }

    @Test
    void nimbusRejectsTheIdTokenForAnotherAudience_oidcCore_3_1_3_7_step3() {
        String idToken = f.login(WEB, "openid", null).idToken();

        assertThatThrownBy(() -> f.validateIdToken(idToken, WEB2, null)).isInstanceOf(BadJOSEException.class);
    }

    @Test
    void nimbusRejectsATamperedIdToken_rfc7515_5_2() throws Exception {
        String idToken = f.login(WEB, "openid", null).idToken();
        String[] parts = idToken.split("\\.");
        String otherPayload = SignedJWT.parse(f.login(WEB2, "openid", null).idToken()).getPayload()
                .toBase64URL().toString();
        String forged = parts[0] + "." + otherPayload + "." + parts[2];

        assertThatThrownBy(() -> f.validateIdToken(forged, WEB2, null)).isInstanceOf(BadJOSEException.class);
    }

    @Test
    void withoutANonceTheIdTokenHasNone_oidcCore_2() throws Exception {
        IDTokenClaimsSet claims = f.validateIdToken(f.login(WEB, "openid", null).idToken(), WEB, null);

        assertThat(claims.getNonce()).isNull();
    }

    @Test
    void withoutOpenidThereIsNoIdToken_oidcCore_3_1_2_1() {
        OidcFixtures.Tokens tokens = f.login(WEB, "profile", null);

        assertThat(tokens.access()).isNotNull();
        assertThat(tokens.body()).doesNotContainKey("id_token");
    }

    @Test
    void aPublicClientWithPkceGetsAnIdTokenToo() throws Exception {
        OidcFixtures.Tokens tokens = f.login(MOBILE, "openid profile", "mobile-nonce");

        assertThat(f.validateIdToken(tokens.idToken(), MOBILE, "mobile-nonce").getSubject().getValue())
                .isEqualTo(SUBJECT);
    }

    @Test
    void aJwtAccessTokenClientGetsAnIdTokenWithAtHashOfTheJwt() throws Exception {
        OidcFixtures.Tokens tokens = f.login(JWT_CLIENT, "openid", null);
        IDTokenClaimsSet claims = f.validateIdToken(tokens.idToken(), JWT_CLIENT, null);

        assertThat(claims.getAccessTokenHash()).isEqualTo(
                AccessTokenHash.compute(new BearerAccessToken(tokens.access()), JWSAlgorithm.RS256));
    }

    @Test
    void refreshReissuesTheIdTokenWithTheSameIssSubAudAuthTimeAndANewIat_oidcCore_12_2() throws Exception {
        OidcFixtures.Tokens first = f.login(WEB, "openid profile", "original-nonce");
        IDTokenClaimsSet original = f.validateIdToken(first.idToken(), WEB, "original-nonce");
        f.clock.advance(Duration.ofSeconds(30)); // within Nimbus's 60 s skew for iat against the real clock

        OidcFixtures.Tokens refreshed = OidcFixtures.tokens(f.refresh(WEB, first.refresh()));
        // §12.2: no nonce on refresh (it SHOULD NOT be there), so Nimbus validates it expecting none.
        IDTokenClaimsSet again = f.validateIdToken(refreshed.idToken(), WEB, null);

        assertThat(again.getIssuer()).isEqualTo(original.getIssuer());
        assertThat(again.getSubject()).isEqualTo(original.getSubject());
        assertThat(again.getAudience()).isEqualTo(original.getAudience());
        assertThat(again.getAuthenticationTime()).isEqualTo(original.getAuthenticationTime());
        assertThat(again.getIssueTime()).isEqualTo(Date.from(f.clock.instant())).isAfter(original.getIssueTime());
        assertThat(again.getNonce()).isNull();
        assertThat(again.getAuthorizedParty()).isNull();
        assertThat(again.getAccessTokenHash()).isEqualTo(
                AccessTokenHash.compute(new BearerAccessToken(refreshed.access()), JWSAlgorithm.RS256));
    }

    @Test
    void rotatingRefreshAndTheNuidRefreshEndpointReissueIdTokensToo_oidcCore_12_2() throws Exception {
        OidcFixtures.Tokens first = f.login(MOBILE, "openid", null);
        OidcFixtures.Tokens second = OidcFixtures.tokens(f.refresh(MOBILE, first.refresh()));
        assertThat(f.validateIdToken(second.idToken(), MOBILE, null).getSubject().getValue()).isEqualTo(SUBJECT);

        OidcFixtures.Tokens web = f.login(WEB, "openid", null);
        EndpointResponse nuid = f.server.refreshAccessToken(EndpointRequest.of(OidcFixtures.form(
                "grant_type", "refresh_token", "refresh_token", web.refresh()),
                OidcFixtures.basic(WEB, OidcFixtures.WEB_SECRET)));
        assertThat(f.validateIdToken(OidcFixtures.tokens(nuid).idToken(), WEB, null).getAudience())
                .containsExactly(new Audience(WEB));
    }

    @Test
    void aRefreshNarrowedWithoutOpenidHasNoIdToken_rfc6749_6() {
        OidcFixtures.Tokens first = f.login(WEB, "openid profile", null);

        OidcFixtures.Tokens narrowed = OidcFixtures.tokens(f.refresh(WEB, first.refresh(), "scope", "profile"));

        assertThat(narrowed.body()).doesNotContainKey("id_token");
    }

    @Test
    void es256IdTokensWhenConfigured_oidcCore_15_1() throws Exception {
        OidcFixtures es = OidcFixtures.create(b -> b.idTokenSigningAlgorithm(SigningAlgorithm.ES256));
        String idToken = es.login(WEB, "openid", "n").idToken();

        assertThat(SignedJWT.parse(idToken).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(es.validateIdToken(idToken, WEB, "n", JWSAlgorithm.ES256).getSubject().getValue())
                .isEqualTo(SUBJECT);
        assertThatThrownBy(() -> es.validateIdToken(idToken, WEB, "n", JWSAlgorithm.RS256))
                .isInstanceOf(BadJOSEException.class);
    }

    @Test
    void idTokenLifetimeIsConfigurable() throws Exception {
        OidcFixtures shortLived = OidcFixtures.create(b -> b.idTokenLifetime(Duration.ofMinutes(5)));
        IDTokenClaimsSet claims = shortLived.validateIdToken(shortLived.login(WEB, "openid", null).idToken(),
                WEB, null);

        assertThat(claims.getExpirationTime()).isEqualTo(
                Date.from(shortLived.clock.instant().plus(Duration.ofMinutes(5))));
    }

    @Test
    void theIdTokenHasNoUserClaimsBeyondTheStandardOnes_oidcCore_5_4() throws Exception {
        OidcFixtures withClaims = OidcFixtures.create(b -> b.claimsSource(s -> java.util.Map.of(
                "email", "alice@example.org", "name", "Alice")));
        SignedJWT jwt = SignedJWT.parse(withClaims.login(WEB, "openid profile email", null).idToken());

        // §5.4: with an access token issued, the scope claims come from the UserInfo endpoint;
        // sid names the login session (Back-Channel Logout 1.0 §2.1).
        assertThat(jwt.getJWTClaimsSet().getClaims().keySet())
                .containsExactlyInAnyOrderElementsOf(List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "at_hash",
                        "sid"));
    }
}
