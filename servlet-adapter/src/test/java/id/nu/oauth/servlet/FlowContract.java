package id.nu.oauth.servlet;

import static id.nu.oauth.servlet.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NU.ID flow end to end over real HTTP, by hand and with Nimbus as the client. */
abstract class FlowContract extends ContainerTestBase {

    FlowContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    /**
     * The documented NU.ID flow as written (legacy public client: no secret, no PKCE):
     * authorize → login → consent → code → token → refreshAccessToken → revoke.
     */
    @Test
    void documentedFlowOverHttp() {
        Browser b = browser();
        String user = newUser();

        // 1. GET /oauth/authorize with nobody logged in: to the login page, carrying a safe return URL.
        String authorize = authorizePath(legacyParams("xyz 1", "profile email"));
        HttpResponse<String> r = b.get(authorize);
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        URI login = b.resolve(r.headers().firstValue("Location").orElseThrow());
        assertThat(login.getPath()).isEqualTo(container.contextPath() + "/login");
        String returnTo = Browser.query(login).get("return");
        assertThat(ReturnUrls.isSafe(returnTo)).isTrue();
        assertThat(returnTo).isEqualTo(container.contextPath() + authorize);

        // 2. The host logs the user in and sends the browser back.
        r = b.postForm("/login", form("user", user, "return", returnTo));
        assertThat(r.statusCode()).isEqualTo(302);
        r = b.getAbsolute(b.resolve(r.headers().firstValue("Location").orElseThrow()));

        // 3. The consent page names the client (escaped) and the scopes in plain words.
        assertThat(r.statusCode()).isEqualTo(200);
        assertHtmlSecurityHeaders(r);
        assertThat(r.body()).contains("<html lang=\"id\" dir=\"ltr\">")
                .contains("Aplikasi &lt;Lama&gt; &amp; &quot;Co&quot;").doesNotContain(TestPortal.LEGACY_NAME)
                .contains("Melihat alamat email Anda").contains("<button type=\"submit\"");

        // 4. Approve: 303 to the redirect URI with code, state and iss (RFC 9207).
        URI redirect = decide(b, r, ConsentView.APPROVE);
        assertThat(redirect.toString()).startsWith(TestPortal.LEGACY_REDIRECT + "?");
        Map<String, String> q = Browser.query(redirect);
        assertThat(q).containsEntry("state", "xyz 1").containsEntry("iss", "https://nu.id/api").containsKey("code");

        // 5. POST /oauth/token as documented.
        r = b.postForm("/api/oauth/token", form("grant_type", "authorization_code", "code", q.get("code"),
                "redirect_uri", TestPortal.LEGACY_REDIRECT, "client_id", TestPortal.LEGACY));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertNoStore(r);
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
        Map<String, Object> tokens = json(r);
        assertThat(tokens).containsEntry("token_type", "Bearer").containsKeys("access_token", "expires_in",
                "refresh_token");
        String access = (String) tokens.get("access_token");
        String refresh = (String) tokens.get("refresh_token");
        assertThat(b.get("/me", "Authorization", "Bearer " + access).body())
                .isEqualTo("subject=" + user + " client=" + TestPortal.LEGACY);

        // 6. POST /oauth/refreshAccessToken as documented.
        r = b.postForm("/api/oauth/refreshAccessToken", form("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", TestPortal.LEGACY));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertNoStore(r);
        String renewed = (String) json(r).get("access_token");
        assertThat(renewed).isNotEqualTo(access);
        assertThat(b.get("/me", "Authorization", "Bearer " + renewed).statusCode()).isEqualTo(200);

        // 7. POST /oauth/revoke with token only (RFC 7009 §2.2: 200, empty).
        r = b.postForm("/api/oauth/revoke", form("token", renewed));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertNoStore(r);
        HttpResponse<String> me = b.get("/me", "Authorization", "Bearer " + renewed);
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");

        // 8. Consent is remembered: the next authorize goes straight back with a code.
        r = b.get(authorizePath(legacyParams("again", "email")));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(Browser.query(URI.create(r.headers().firstValue("Location").orElseThrow()))).containsKey("code");
    }

    /** The same flow for a PKCE public client, with Nimbus building every request and parsing every answer. */
    @Test
    void nimbusPublicClientWithPkceAndRotation() throws Exception {
        Browser b = loggedIn();
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthorizationRequest request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(TestPortal.MOBILE))
                .endpointURI(b.app("/api/oauth/authorize"))
                .redirectionURI(URI.create(TestPortal.MOBILE_REDIRECT))
                .scope(new Scope("openid", "profile", "offline_access"))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        HttpResponse<String> page = b.getAbsolute(request.toURI(), "Accept-Language", "en-GB,en;q=0.9,id;q=0.5");
        assertThat(page.body()).contains("<html lang=\"en\" dir=\"ltr\">").contains("NU Mobile")
                .contains("Keep access to this data when you are not using the application");
        URI location = decide(b, page, ConsentView.APPROVE);

        AuthorizationResponse authz = AuthorizationResponse.parse(location);
        assertThat(authz.indicatesSuccess()).isTrue();
        AuthorizationSuccessResponse ok = authz.toSuccessResponse();
        assertThat(ok.getState()).isEqualTo(state);
        assertThat(ok.getIssuer()).isEqualTo(new Issuer("https://nu.id/api"));

        TokenRequest tokenRequest = new TokenRequest(b.app("/api/oauth/token"), new ClientID(TestPortal.MOBILE),
                new AuthorizationCodeGrant(ok.getAuthorizationCode(), URI.create(TestPortal.MOBILE_REDIRECT), verifier));
        TokenResponse tokenResponse = TokenResponse.parse(tokenRequest.toHTTPRequest().send());
        assertThat(tokenResponse.indicatesSuccess()).isTrue();
        AccessTokenResponse tokens = tokenResponse.toSuccessResponse();
        RefreshToken first = tokens.getTokens().getRefreshToken();
        assertThat(first).isNotNull();

        // RFC 9700 §4.14.2: a public client's refresh token rotates on the NU.ID refresh endpoint.
        TokenRequest refresh = new TokenRequest(b.app("/api/oauth/refreshAccessToken"),
                new ClientID(TestPortal.MOBILE), new RefreshTokenGrant(first));
        AccessTokenResponse renewed = TokenResponse.parse(refresh.toHTTPRequest().send()).toSuccessResponse();
        RefreshToken second = renewed.getTokens().getRefreshToken();
        assertThat(second).isNotNull().isNotEqualTo(first);

        // Reusing the rotated one is refused and revokes the grant: the new refresh token dies too.
        TokenResponse reuse = TokenResponse.parse(refresh.toHTTPRequest().send());
        assertThat(reuse.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) reuse).getErrorObject().getCode()).isEqualTo("invalid_grant");
        TokenRequest withSecond = new TokenRequest(b.app("/api/oauth/token"), new ClientID(TestPortal.MOBILE),
                new RefreshTokenGrant(second));
        assertThat(TokenResponse.parse(withSecond.toHTTPRequest().send()).indicatesSuccess()).isFalse();
        assertThat(b.get("/any", "Authorization", "Bearer " + renewed.getTokens().getAccessToken().getValue())
                .statusCode()).isEqualTo(401);
    }

    /** A confidential client with client_secret_basic, revoking its own refresh token (RFC 7009). */
    @Test
    void nimbusConfidentialClientWithBasicAuthentication() throws Exception {
        Browser b = loggedIn();
        AuthorizationRequest request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(TestPortal.PORTAL))
                .endpointURI(b.app("/api/oauth/authorize"))
                .redirectionURI(URI.create(TestPortal.PORTAL_REDIRECT))
                .scope(new Scope("profile"))
                .state(new State("s"))
                .build();
        URI location = authorizeApproved(b, request.toParameters().entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue().get(0))).toArray(String[]::new));
        AuthorizationCode code = AuthorizationResponse.parse(location).toSuccessResponse().getAuthorizationCode();

        ClientSecretBasic basic = new ClientSecretBasic(new ClientID(TestPortal.PORTAL), new Secret(TestPortal.PORTAL_SECRET));
        HTTPRequest http = new TokenRequest(b.app("/api/oauth/token"), basic,
                new AuthorizationCodeGrant(code, URI.create(TestPortal.PORTAL_REDIRECT))).toHTTPRequest();
        HTTPResponse response = http.send();
        assertThat(response.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        AccessTokenResponse tokens = TokenResponse.parse(response).toSuccessResponse();
        String access = tokens.getTokens().getAccessToken().getValue();
        assertThat(b.get("/me", "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);

        TokenRevocationRequest revoke = new TokenRevocationRequest(b.app("/api/oauth/revoke"), basic,
                tokens.getTokens().getRefreshToken());
        assertThat(revoke.toHTTPRequest().send().getStatusCode()).isEqualTo(200);
        // RFC 7009 §2.1: revoking the refresh token revokes the grant's access tokens too.
        assertThat(b.get("/me", "Authorization", "Bearer " + access).statusCode()).isEqualTo(401);
    }

    /** RFC 6749 §4.1.2.1: the user's "no" goes back to the client as access_denied with the state. */
    @Test
    void denyRedirectsWithAccessDenied() throws Exception {
        Browser b = loggedIn();
        URI location = decide(b, b.get(authorizePath(legacyParams("deny-me", "email"))), ConsentView.DENY);
        AuthorizationResponse parsed = AuthorizationResponse.parse(location);
        assertThat(parsed.indicatesSuccess()).isFalse();
        AuthorizationErrorResponse error = parsed.toErrorResponse();
        assertThat(error.getErrorObject()).isEqualTo(OAuth2Error.ACCESS_DENIED);
        assertThat(error.getState()).isEqualTo(new State("deny-me"));
        // Nothing remembered: the question is asked again.
        assertThat(b.get(authorizePath(legacyParams("again", "email"))).statusCode()).isEqualTo(200);
    }

    /** First-party clients skip the consent page (the engine decides; the adapter just redirects). */
    @Test
    void firstPartyClientSkipsConsent() {
        Browser b = loggedIn();
        HttpResponse<String> r = b.get(authorizePath("response_type", "code", "client_id", TestPortal.FIRST_PARTY,
                "redirect_uri", TestPortal.FIRST_PARTY_REDIRECT, "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith(TestPortal.FIRST_PARTY_REDIRECT + "?code=");
    }

    /** Scopes the built-in table does not know are shown by name, escaped. */
    @Test
    void unknownScopeIsShownByName() {
        Browser b = loggedIn();
        HttpResponse<String> r = b.get(authorizePath(legacyParams("s", "nu:kajian openid")));
        assertThat(r.body()).contains("<li>Izin <code>nu:kajian</code></li>")
                .contains("Mengetahui identitas akun Portal &lt;NU&gt; Jatim Anda"); // the test portal's name
    }

    /** The user logged out between the consent page and the answer: log in again, nothing is granted. */
    @Test
    void consentPostAfterLogoutGoesToLogin() {
        Browser b = loggedIn();
        HttpResponse<String> page = b.get(authorizePath(legacyParams("s", "email")));
        Browser.Form form = Browser.Form.parse(page.body());
        b.logout();
        HttpResponse<String> r = b.postFormAt(form.action(), form.body(ConsentView.APPROVE));
        assertThat(r.statusCode()).isEqualTo(303);
        URI login = b.resolve(r.headers().firstValue("Location").orElseThrow());
        assertThat(login.getPath()).isEqualTo(container.contextPath() + "/login");
        String returnTo = Browser.query(login).get("return");
        assertThat(ReturnUrls.isSafe(returnTo)).isTrue();
        assertThat(returnTo).startsWith(container.contextPath() + "/api/oauth/authorize?")
                .doesNotContain(ConsentView.CSRF_FIELD).doesNotContain(ConsentView.DECISION_FIELD);
        // Back from login as another user: the question is asked again, for that user.
        b.login(newUser());
        assertThat(b.getAbsolute(b.resolve(returnTo)).statusCode()).isEqualTo(200);
    }
}
