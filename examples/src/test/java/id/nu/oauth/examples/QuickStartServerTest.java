package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The demo as a quick-start authorization server for a portal team's own app: the committed sample
 * configuration, in Tomcat, driven by Nimbus as an independent OAuth client. {@code my-portal-app}
 * is a confidential, first-party client with a loopback redirect URI on port 3000 (RFC 8252 §7.3).
 */
class QuickStartServerTest {

    private static final ClientSecretBasic MY_PORTAL_APP = new ClientSecretBasic(new ClientID("my-portal-app"),
            new Secret("replace-me-with-a-long-random-secret-0123456789"));

    @Test
    void aTeamsOwnConfidentialFirstPartyClientWalksTheCodeFlow() throws Exception {
        DemoConfig config = DemoConfig.load(java.nio.file.Path.of("demo-config.json"));
        try (RunningDemo demo = TomcatDemo.start(new DemoOptions(0, "/api", null), config)) {
            URI api = URI.create(demo.origin() + "/api");
            Browser browser = new Browser();
            Browser.Page login = browser.get(demo.origin().resolve("/login"));
            browser.submit(login.form("/login", "password").with("username", "siti")
                    .with("password", "change-this-password"));

            URI callback = URI.create("http://127.0.0.1:3000/callback");
            State state = new State();
            CodeVerifier verifier = new CodeVerifier();
            AuthorizationRequest request = new AuthorizationRequest.Builder(ResponseType.CODE, MY_PORTAL_APP.getClientID())
                    .endpointURI(URI.create(api + "/oauth/authorize")).redirectionURI(callback)
                    .scope(new Scope("profile", "orders.read")).state(state)
                    .codeChallenge(verifier, CodeChallengeMethod.S256).build();
            // first-party: no consent page, straight back to the app (which need not be running)
            Browser.Page answer = browser.getOnce(request.toURI());
            assertThat(answer.status()).isEqualTo(302);
            AuthorizationResponse parsed = AuthorizationResponse.parse(URI.create(answer.header("Location")));
            assertThat(parsed.indicatesSuccess()).isTrue();
            AuthorizationSuccessResponse success = parsed.toSuccessResponse();
            assertThat(success.getState()).isEqualTo(state);
            assertThat(success.getIssuer()).isEqualTo(new Issuer(api)); // RFC 9207
            AuthorizationCode code = success.getAuthorizationCode();

            TokenResponse tokens = TokenResponse.parse(new TokenRequest(URI.create(api + "/oauth/token"), MY_PORTAL_APP,
                    new AuthorizationCodeGrant(code, callback, verifier)).toHTTPRequest().send());
            assertThat(tokens.indicatesSuccess()).as(String.valueOf(tokens)).isTrue();
            AccessTokenResponse ok = tokens.toSuccessResponse();
            assertThat(ok.getTokens().getAccessToken().getScope()).isEqualTo(new Scope("profile", "orders.read"));
            var me = browser.bearer(demo.origin().resolve(ResourceServlet.PATH), ok.getTokens().getAccessToken().getValue());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("\"sub\":\"user-0002\"").contains("\"name\":\"Siti Aminah\"");

            // the NU.ID refresh path, with the keep policy the sample file sets
            TokenResponse refreshed = TokenResponse.parse(new TokenRequest(URI.create(api + "/oauth/refreshAccessToken"),
                    MY_PORTAL_APP, new RefreshTokenGrant(ok.getTokens().getRefreshToken())).toHTTPRequest().send());
            assertThat(refreshed.indicatesSuccess()).isTrue();
            assertThat(refreshed.toSuccessResponse().getTokens().getRefreshToken()).isNull();

            HTTPResponse revoked = new TokenRevocationRequest(URI.create(api + "/oauth/revoke"), MY_PORTAL_APP,
                    ok.getTokens().getRefreshToken()).toHTTPRequest().send();
            assertThat(revoked.getStatusCode()).isEqualTo(200); // RFC 7009 §2.2
            TokenResponse after = TokenResponse.parse(new TokenRequest(URI.create(api + "/oauth/token"), MY_PORTAL_APP,
                    new RefreshTokenGrant(ok.getTokens().getRefreshToken())).toHTTPRequest().send());
            assertThat(((TokenErrorResponse) after).getErrorObject().getCode()).isEqualTo("invalid_grant");
        }
    }
}
