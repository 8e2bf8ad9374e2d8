package id.nu.oauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthorizeRequest;
import id.nu.oauth.client.Client;
import org.junit.jupiter.api.Test;

/** The kit's happy paths, checked against the engine and, where it fits, against Nimbus. */
class FlowTest {

    private final OAuthTestServer server = OAuthTestServer.create();

    @Test
    void publicClientFlowEndToEnd() throws Exception {
        TestClient app = server.registerPublicClient("app", "profile", "email");

        IssuedCode code = server.as("alice").authorize(app).scope("profile").consent();
        Tokens tokens = code.exchange();

        // Nimbus reads the raw response as a valid RFC 6749 §5.1 token response.
        AccessTokenResponse parsed = AccessTokenResponse.parse(http(tokens.response()));
        assertThat(parsed.getTokens().getAccessToken().getValue()).isEqualTo(tokens.accessToken());
        assertThat(parsed.getTokens().getRefreshToken().getValue()).isEqualTo(tokens.refreshToken());
        assertThat(tokens.scopes()).containsExactly("profile");
        assertThat(tokens.expiresIn()).isEqualTo(15 * 60);
        assertThat(tokens.response().header("cache-control")).isEqualTo("no-store");

        AccessTokenValidation.Active active = server.activeToken(tokens.accessToken()).orElseThrow();
        assertThat(active.subject()).isEqualTo("alice");
        assertThat(active.clientId()).isEqualTo("app");
        assertThat(active.scopes()).containsExactly("profile");
    }

    @Test
    void theKitSendsAnS256ChallengeOfItsVerifier() { // RFC 7636 §4.2, computed by Nimbus
        TestClient app = server.registerPublicClient("app");
        AuthorizeCall call = server.as("alice").authorize(app);
        AuthorizeRequest request = call.toRequest();

        String expected = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(call.codeVerifier())).getValue();
        assertThat(request.parameters().get("code_challenge")).containsExactly(expected);
        assertThat(request.parameters().get("code_challenge_method")).containsExactly("S256");
        assertThat(request.parameters().get("redirect_uri")).containsExactly(OAuthTestServer.DEFAULT_REDIRECT_URI);
        assertThat(request.parameters().get("state")).singleElement().asString().isNotBlank();
    }

    @Test
    void refreshRotatesForPublicClientsAndReuseRevokesTheGrant() { // RFC 9700 §4.14.2
        TestClient app = server.registerPublicClient("app");
        Tokens first = server.as("alice").authorize(app).consent().exchange();

        Tokens second = first.refresh();
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.isActive()).isTrue();

        TokenResponse reuse = first.tryRefresh();
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.errorCode()).isEqualTo("invalid_grant");
        assertThat(second.isActive()).isFalse();
        assertThat(second.tryRefresh().errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void confidentialClientsKeepTheirRefreshTokenAndUseBasic() {
        TestClient portal = server.registerConfidentialClient("portal", "profile");
        Tokens first = server.as("alice").authorize(portal).consent().exchange();

        Tokens second = first.refresh();
        assertThat(second.response().refreshToken()).isNull();      // KEEP: the NU.ID response has none
        assertThat(second.refreshToken()).isEqualTo(first.refreshToken());
        assertThat(second.refresh().isActive()).isTrue();

        Tokens viaTokenEndpoint = second.refreshRequest().onTokenEndpoint().send().tokens();
        assertThat(viaTokenEndpoint.isActive()).isTrue();
    }

    @Test
    void legacyClientsDoTheDocumentedFlowWithoutPkce() {
        TestClient legacy = server.registerLegacyPublicClient("old-app");
        AuthorizeCall call = server.as("alice").authorize(legacy);
        assertThat(call.codeVerifier()).isNull();
        assertThat(call.toRequest().parameters()).doesNotContainKey("code_challenge");

        Tokens tokens = call.consent().exchange();
        assertThat(tokens.isActive()).isTrue();
    }

    @Test
    void revokingTheRefreshTokenEndsTheGrant() { // RFC 7009 §2.1
        TestClient app = server.registerPublicClient("app");
        Tokens tokens = server.as("alice").authorize(app).consent().exchange();

        TokenResponse answer = tokens.revoke();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        assertThat(tokens.isActive()).isFalse();
        assertThat(tokens.tryRefresh().errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void revokingOnlyTheAccessTokenLeavesTheRefreshToken() {
        TestClient app = server.registerPublicClient("app");
        Tokens tokens = server.as("alice").authorize(app).consent().exchange();

        tokens.revokeAccessToken();
        assertThat(tokens.isActive()).isFalse();
        assertThat(tokens.refresh().isActive()).isTrue();
    }

    @Test
    void unauthenticatedRevocationAsNuIdDocumentsIt() {
        String bearer = server.issueAccessToken("alice", "app", "profile");
        assertThat(server.revoke(bearer).status()).isEqualTo(200);
        assertThat(server.isActive(bearer)).isFalse();
        assertThat(server.revoke("never-issued").status()).isEqualTo(200); // RFC 7009 §2.2
    }

    @Test
    void consentIsAskedOnceThenRemembered() {
        TestClient app = server.registerPublicClient("app", "profile");
        AuthorizeOutcome first = server.as("alice").authorize(app).send();
        assertThat(first.isConsentRequired()).isTrue();
        assertThat(first.consentRequired().scopes()).containsExactly("profile");
        assertThat(first.approve().isCode()).isTrue();

        IssuedCode again = server.as("alice").authorize(app).code();
        assertThat(again.exchange().isActive()).isTrue();
    }

    @Test
    void firstPartyClientsSkipConsent() {
        TestClient own = server.register(Client.publicClient("own").redirectUri("id.nu.app:/cb").scopes("profile")
                .firstParty(true).build());
        IssuedCode code = server.as("alice").authorize(own).code();
        assertThat(code.redirectUri()).isEqualTo("id.nu.app:/cb");
        assertThat(code.exchange().isActive()).isTrue();
    }

    @Test
    void denyingConsentRedirectsWithAccessDenied() { // RFC 6749 §4.1.2.1
        TestClient app = server.registerPublicClient("app");
        AuthorizeOutcome denied = server.as("alice").authorize(app).state("s-1").deny();
        assertThat(denied.isRedirect()).isTrue();
        assertThat(denied.errorCode()).isEqualTo("access_denied");
        assertThat(denied.redirectParameter("state")).isEqualTo("s-1");
        assertThat(denied.redirectParameter("iss")).isEqualTo(server.issuer().toString()); // RFC 9207
        assertThatThrownBy(denied::code).isInstanceOf(AssertionError.class).hasMessageContaining("access_denied");
    }

    @Test
    void nobodyLoggedInMeansLoginRequired() {
        TestClient app = server.registerPublicClient("app");
        AuthorizeOutcome outcome = server.anonymous().authorize(app).send();
        assertThat(outcome.isLoginRequired()).isTrue();
        assertThat(outcome.error()).isEmpty();
    }

    @Test
    void clientCredentialsForConfidentialClients() { // RFC 6749 §4.4
        TestClient portal = server.registerConfidentialClient("portal", "reports");
        Tokens tokens = server.clientCredentials(portal);
        assertThat(tokens.refreshToken()).isNull();
        // no user: the client, in a namespace no user subject can be in (RFC 9068 §5)
        assertThat(server.activeToken(tokens.accessToken()).orElseThrow().subject()).isEqualTo("client:portal");
        assertThat(server.activeToken(tokens.accessToken()).orElseThrow().clientOnly()).isTrue();
    }

    @Test
    void errorsParseAsRfc6749ErrorResponses() throws Exception { // RFC 6749 §5.2, read by Nimbus
        TestClient app = server.registerPublicClient("app");
        IssuedCode code = server.as("alice").authorize(app).consent();
        code.exchange();
        TokenResponse replay = code.tryExchange();

        TokenErrorResponse parsed = TokenErrorResponse.parse(http(replay));
        assertThat(parsed.getErrorObject().getCode()).isEqualTo(replay.errorCode()).isEqualTo("invalid_grant");
        assertThat(replay.error().orElseThrow().description()).isNotBlank();
        assertThat(replay.toString()).contains("invalid_grant").doesNotContain(code.value());
        assertThatThrownBy(replay::tokens).isInstanceOf(AssertionError.class).hasMessageContaining("invalid_grant");
    }

    @Test
    void toStringsNeverShowSecretsOrTokens() {
        TestClient portal = server.registerConfidentialClient("portal");
        Tokens tokens = server.as("alice").authorize(portal).consent().exchange();
        assertThat(portal.toString()).doesNotContain(portal.secret());
        assertThat(tokens.toString()).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken());
        assertThat(tokens.refreshRequest().toString()).doesNotContain(tokens.refreshToken());
    }

    /** The kit's response as Nimbus's HTTP response, for Nimbus to parse on its own. */
    private static HTTPResponse http(TokenResponse response) throws Exception {
        HTTPResponse http = new HTTPResponse(response.status());
        http.setContentType(response.header("Content-Type"));
        http.setBody(response.body());
        return http;
    }
}
