package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.TOKEN_URI;
import static id.nu.oauth.core.TokenFixtures.assertJsonNoStore;
import static id.nu.oauth.core.TokenFixtures.nimbusSuccess;
import static id.nu.oauth.core.TokenFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * A confidential client authenticating with client_secret_basic and client_secret_post (RFC 6749
 * §2.3.1), requests built and responses parsed by Nimbus as an independent implementation. The
 * portal's secret contains {@code :}, {@code +}, {@code /}, {@code %} and a space, which only survive
 * Basic when both parts are form-urlencoded first.
 */
class ConfidentialClientTest {

    private final TokenFixtures f = TokenFixtures.create();

    private static ClientSecretBasic basicAuth() {
        return new ClientSecretBasic(new ClientID(PORTAL), new Secret(PORTAL_SECRET));
    }

    private static ClientSecretPost postAuth() {
        return new ClientSecretPost(new ClientID(PORTAL), new Secret(PORTAL_SECRET));
    }

    @Test
    void clientSecretBasicWithFormUrlEncodedCredentialsRedeemsCodeAndRefreshes() { // RFC 6749 §2.3.1, §4.1.3, §6
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(f.portalCode()),
                URI.create(PORTAL_REDIRECT));
        EndpointRequest req = request(new TokenRequest(TOKEN_URI, basicAuth(), grant));
        assertThat(req.authorization()).startsWith("Basic ");
        assertThat(new String(req.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("client_id=", "client_secret=");

        EndpointResponse r = f.server.token(req);
        assertJsonNoStore(r);
        AccessTokenResponse ok = nimbusSuccess(r);
        assertThat(ok.getTokens().getBearerAccessToken()).isNotNull();
        assertThat(ok.getTokens().getBearerAccessToken().getScope().toStringList())
                .containsExactlyInAnyOrder("profile", "email");
        RefreshToken refresh = ok.getTokens().getRefreshToken();
        assertThat(refresh).isNotNull();
        AccessTokenValidation.Active active = (AccessTokenValidation.Active)
                f.server.validateAccessToken(ok.getTokens().getAccessToken().getValue());
        assertThat(active.clientId()).isEqualTo(PORTAL);

        EndpointResponse renewed = f.server.token(request(new TokenRequest(TOKEN_URI, basicAuth(),
                new RefreshTokenGrant(refresh))));
        AccessTokenResponse again = nimbusSuccess(renewed);
        assertThat(again.getTokens().getRefreshToken()).as("confidential clients keep by default").isNull();
        assertThat(TokenFixtures.active(f.server, again.getTokens().getAccessToken().getValue())).isTrue();
    }

    @Test
    void clientSecretPostRedeemsCodeAndRefreshesOnBothEndpoints() { // RFC 6749 §2.3.1
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(f.portalCode()),
                URI.create(PORTAL_REDIRECT));
        EndpointRequest req = request(new TokenRequest(TOKEN_URI, postAuth(), grant));
        assertThat(req.authorization()).isNull();
        assertThat(new String(req.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("client_id=", "client_secret=");

        AccessTokenResponse ok = nimbusSuccess(f.server.token(req));
        RefreshToken refresh = ok.getTokens().getRefreshToken();
        assertThat(refresh).isNotNull();

        AccessTokenResponse viaToken = nimbusSuccess(f.server.token(request(new TokenRequest(TOKEN_URI, postAuth(),
                new RefreshTokenGrant(refresh)))));
        AccessTokenResponse viaNuid = nimbusSuccess(f.server.refreshAccessToken(request(new TokenRequest(
                TokenFixtures.REFRESH_URI, postAuth(), new RefreshTokenGrant(refresh)))));
        assertThat(viaToken.getTokens().getAccessToken()).isNotEqualTo(viaNuid.getTokens().getAccessToken());
    }

    @Test
    void confidentialClientMayAlsoUsePkce() { // RFC 9700 §2.1.1: PKCE for confidential clients too
        CodeVerifier verifier = new CodeVerifier();
        String code = f.authorize(TokenFixtures.form("response_type", "code", "client_id", PORTAL,
                "redirect_uri", PORTAL_REDIRECT,
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256"));
        EndpointResponse r = f.server.token(request(new TokenRequest(TOKEN_URI, basicAuth(),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(PORTAL_REDIRECT), verifier))));
        assertThat(nimbusSuccess(r).getTokens().getAccessToken()).isNotNull();
    }

    @Test
    void confidentialClientWithPkceStillNeedsItsSecret() { // RFC 6749 §3.2.1: PKCE does not replace authentication
        CodeVerifier verifier = new CodeVerifier();
        String code = f.authorize(TokenFixtures.form("response_type", "code", "client_id", PORTAL,
                "redirect_uri", PORTAL_REDIRECT,
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256"));
        EndpointResponse r = f.server.token(request(new TokenRequest(TOKEN_URI, new ClientID(PORTAL),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(PORTAL_REDIRECT), verifier))));
        TokenFixtures.assertError(r, 401, "invalid_client");
    }
}
