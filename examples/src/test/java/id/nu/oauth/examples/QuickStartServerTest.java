package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
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
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The demo as a quick-start authorization server for a portal team's own app: the committed sample
 * configuration, in Tomcat, driven by Nimbus as an independent OAuth and OpenID Connect client
 * (discovery, id_token validation, userinfo). {@code my-portal-app} is a confidential, first-party
 * client with a loopback redirect URI on port 3000 (RFC 8252 §7.3) and JWT access tokens.
 */
class QuickStartServerTest {

    private static final ClientSecretBasic MY_PORTAL_APP = new ClientSecretBasic(new ClientID("my-portal-app"),
            new Secret("ckMNLe9KlNv4Sr0R3x78bs4LX4td0fQyqKcqY-oACBE")); // as in demo-config.json

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
                    .scope(new Scope("openid", "profile", "phone", "address", "orders.read")).state(state)
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

            // OpenID Connect Discovery 1.0 §4: Nimbus finds the endpoints from the issuer alone
            OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(new Issuer(api));
            assertThat(provider.getTokenEndpointURI()).isEqualTo(URI.create(api + "/oauth/token"));

            TokenResponse tokens = OIDCTokenResponseParser.parse(new TokenRequest(provider.getTokenEndpointURI(),
                    MY_PORTAL_APP, new AuthorizationCodeGrant(code, callback, verifier)).toHTTPRequest().send());
            assertThat(tokens.indicatesSuccess()).as(String.valueOf(tokens)).isTrue();
            OIDCTokenResponse ok = (OIDCTokenResponse) tokens.toSuccessResponse();
            assertThat(ok.getTokens().getAccessToken().getScope())
                    .isEqualTo(new Scope("openid", "profile", "phone", "address", "orders.read"));
            // the id_token, verified by Nimbus with the keys from the jwks_uri the discovery document names
            IDTokenClaimsSet id = new IDTokenValidator(new Issuer(api), MY_PORTAL_APP.getClientID(), JWSAlgorithm.RS256,
                    provider.getJWKSetURI().toURL()).validate(ok.getOIDCTokens().getIDToken(), null);
            assertThat(id.getSubject().getValue()).isEqualTo("user-0002");
            // the sample file makes my-portal-app's access tokens JWTs (RFC 9068)
            SignedJWT jwtAccess = SignedJWT.parse(ok.getTokens().getAccessToken().getValue());
            assertThat(jwtAccess.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
            assertThat(jwtAccess.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("my-portal-app");
            // userinfo: siti's claims from the sample file that profile, phone and address release; no e-mail
            UserInfoResponse info = UserInfoResponse.parse(new UserInfoRequest(provider.getUserInfoEndpointURI(),
                    ok.getTokens().getBearerAccessToken()).toHTTPRequest().send());
            assertThat(info.indicatesSuccess()).isTrue();
            UserInfo siti = info.toSuccessResponse().getUserInfo();
            assertThat(siti.getSubject().getValue()).isEqualTo("user-0002");
            assertThat(siti.getName()).isEqualTo("Siti Aminah");
            assertThat(siti.getPicture()).isEqualTo(URI.create("https://portal.example.or.id/avatars/user-0002.png"));
            assertThat(siti.getPhoneNumber()).isEqualTo("+62 811 2345 6789");
            assertThat(siti.getAddress().getLocality()).isEqualTo("Surabaya");
            assertThat(siti.getEmailAddress()).isNull();
            assertThat(siti.getEmailVerified()).isNull();
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
