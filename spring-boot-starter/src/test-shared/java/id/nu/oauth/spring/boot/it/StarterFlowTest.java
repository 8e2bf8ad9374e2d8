package id.nu.oauth.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
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
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The done bar of the starter: a Spring Boot application with the starter, Spring Security's
 * {@code formLogin()} and an H2 {@code DataSource}, configured by properties and a user store only,
 * completes authorize → login → consent → token → refresh → revoke over real HTTP on a random
 * loopback port; Nimbus builds and parses every OAuth message as an independent client. The same
 * source runs on Spring Boot 4.0 (spring-boot-starter) and 3.5 (spring-boot-starter-boot3-it).
 */
@SpringBootTest(classes = PortalApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("portal")
class StarterFlowTest {

    static final String BACKEND_SECRET = SecretHash.generateSecret();
    static final ClientID DEMO_APP = new ClientID("demo-app");
    static final URI CALLBACK = URI.create("http://127.0.0.1/callback");
    static final Issuer ISSUER = new Issuer("http://127.0.0.1/api");

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        registry.add("PORTAL_BACKEND_SECRET", () -> BACKEND_SECRET); // as an environment variable would
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Storage storage;

    @Autowired
    DataSource dataSource;

    @Test
    void authorizeLoginConsentTokenRefreshRevoke() throws Exception {
        Browser browser = new Browser(port);
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile"), DEMO_APP,
                CALLBACK).state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                .endpointURI(browser.url("/api/oauth/authorize")).build().toURI();
        Instant beforeLogin = Instant.now().minusSeconds(1);

        // 1. Not signed in: the authorize endpoint hands off to the starter's login hand-off...
        HttpResponse<String> toHandoff = browser.get(authorize.toString());
        assertThat(toHandoff.statusCode()).isEqualTo(302);
        assertThat(Browser.location(toHandoff)).startsWith("/nuid-oauth/login?return=");
        // ...which the application's own chain sends to its form login (saving the hand-off)
        HttpResponse<String> toLogin = browser.get(Browser.location(toHandoff));
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(browser.url(Browser.location(toLogin)).getPath()).isEqualTo("/login");
        HttpResponse<String> loginPage = browser.get(Browser.location(toLogin));
        assertThat(loginPage.statusCode()).isEqualTo(200);

        // 2. Spring Security's form login, a wrong then the right password
        String csrf = Browser.springCsrf(loginPage.body());
        HttpResponse<String> wrong = browser.post("/login", Browser.form(Map.of("_csrf", csrf),
                "username", "alice", "password", "not-her-password"));
        assertThat(Browser.location(wrong)).contains("/login?error");
        csrf = Browser.springCsrf(browser.get("/login").body());
        HttpResponse<String> signedIn = browser.post("/login", Browser.form(Map.of("_csrf", csrf),
                "username", "alice", "password", PortalApplication.PASSWORD));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        // back to the saved hand-off, and from there to the authorize request
        assertThat(browser.url(Browser.location(signedIn)).getPath()).isEqualTo("/nuid-oauth/login");
        HttpResponse<String> back = browser.get(Browser.location(signedIn));
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(Browser.location(back)).startsWith("/api/oauth/authorize?");

        // 3. The consent page, approved (its own CSRF token; Spring's CSRF does not apply to /api/**)
        HttpResponse<String> consent = browser.get(Browser.location(back));
        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(consent.body()).contains("Demo App").contains("alice");
        HttpResponse<String> approved = browser.post(Browser.formAction(consent.body()),
                Browser.form(Browser.hiddenFields(consent.body()), "nuid_decision", "approve"));
        assertThat(approved.statusCode()).isEqualTo(303);
        AuthenticationResponse response = AuthenticationResponseParser.parse(URI.create(Browser.location(approved)));
        assertThat(response.indicatesSuccess()).isTrue();
        AuthenticationSuccessResponse success = response.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        assertThat(success.getIssuer()).isEqualTo(ISSUER); // RFC 9207
        AuthorizationCode code = success.getAuthorizationCode();

        // 4. The code for tokens (PKCE), and the id_token checked against the server's JWKS
        URI tokenEndpoint = browser.url("/api/oauth/token");
        OIDCTokenResponse tokens = oidcTokens(new TokenRequest.Builder(tokenEndpoint, DEMO_APP,
                new AuthorizationCodeGrant(code, CALLBACK, verifier)).build().toHTTPRequest().send());
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        HttpResponse<String> jwks = browser.get("/api/oauth/jwks");
        assertThat(jwks.statusCode()).isEqualTo(200);
        IDTokenClaimsSet claims = new IDTokenValidator(ISSUER, DEMO_APP, JWSAlgorithm.RS256, JWKSet.parse(jwks.body()))
                .validate(idToken, nonce);
        assertThat(claims.getSubject().getValue()).isEqualTo("alice");
        // the login time is the form login's, recorded from Spring Security (OIDC Core §2 auth_time)
        assertThat(claims.getAuthenticationTime()).isNotNull();
        assertThat(claims.getAuthenticationTime().toInstant()).isAfterOrEqualTo(beforeLogin.minusSeconds(1));
        AccessToken access = tokens.getOIDCTokens().getAccessToken();
        RefreshToken refresh = tokens.getOIDCTokens().getRefreshToken();
        assertThat(userinfo(browser, access).getStatusCode()).isEqualTo(200);

        // the grant is in the application's database: the JDBC store on its DataSource
        assertThat(storage).isInstanceOf(JdbcStorage.class);
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM nuid_oauth_grant WHERE subject = 'alice'", Integer.class)).isEqualTo(1);

        // 5. Refresh: a new pair, the refresh token rotated (public client, RFC 9700 §4.14.2)
        OIDCTokenResponse refreshed = oidcTokens(new TokenRequest.Builder(tokenEndpoint, DEMO_APP,
                new RefreshTokenGrant(refresh)).build().toHTTPRequest().send());
        AccessToken access2 = refreshed.getTokens().getAccessToken();
        RefreshToken refresh2 = refreshed.getTokens().getRefreshToken();
        assertThat(refresh2).isNotNull().isNotEqualTo(refresh);
        assertThat(userinfo(browser, access2).getStatusCode()).isEqualTo(200);

        // 6. Revoke the refresh token (RFC 7009 §2.1: its grant's access tokens go with it)
        HTTPResponse revoked = new TokenRevocationRequest(browser.url("/api/oauth/revoke"), DEMO_APP, refresh2)
                .toHTTPRequest().send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(userinfo(browser, access2).getStatusCode()).isEqualTo(401);
        TokenResponse afterRevoke = TokenResponse.parse(new TokenRequest.Builder(tokenEndpoint, DEMO_APP,
                new RefreshTokenGrant(refresh2)).build().toHTTPRequest().send());
        assertThat(afterRevoke.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) afterRevoke).getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void aConfidentialClientsSecretComesFromTheEnvironment() throws Exception { // RFC 6749 §2.3.1, §4.4
        URI tokenEndpoint = new Browser(port).url("/api/oauth/token");
        ClientID backend = new ClientID("portal-backend");
        TokenResponse ok = TokenResponse.parse(new TokenRequest(tokenEndpoint,
                new ClientSecretBasic(backend, new Secret(BACKEND_SECRET)), new ClientCredentialsGrant(),
                new Scope("reports")).toHTTPRequest().send());
        assertThat(ok.indicatesSuccess()).isTrue();
        assertThat(ok.toSuccessResponse().getTokens().getAccessToken().getLifetime()).isEqualTo(Duration.ofMinutes(10).toSeconds());

        HTTPResponse wrong = new TokenRequest(tokenEndpoint, new ClientSecretBasic(backend,
                new Secret(SecretHash.generateSecret())), new ClientCredentialsGrant(), new Scope("reports"))
                .toHTTPRequest().send();
        assertThat(wrong.getStatusCode()).isEqualTo(401); // RFC 6749 §5.2 invalid_client
        assertThat(wrong.getHeaderValue("WWW-Authenticate")).startsWith("Basic");
        assertThat(TokenErrorResponse.parse(wrong).getErrorObject().getCode()).isEqualTo("invalid_client");
    }

    @Test
    void theEndpointsAreOpenToClientsAndExemptFromSpringCsrf() throws Exception {
        Browser client = new Browser(port);
        // a bad token request without a session or Spring CSRF token: the engine's 400, not Spring's 403 or a login
        HttpResponse<String> bad = client.post("/api/oauth/token", "grant_type=authorization_code&client_id=demo-app");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(bad.body()).get("error")).isEqualTo("invalid_request");
        HttpResponse<String> metadata = client.get("/api/.well-known/openid-configuration");
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(JSONObjectUtils.parse(metadata.body()).get("issuer")).isEqualTo(ISSUER.getValue());
        // RFC 8414 §3.1's location at the root
        assertThat(client.get("/.well-known/oauth-authorization-server/api").statusCode()).isEqualTo(200);
        // the application's own pages are still behind its login
        HttpResponse<String> home = client.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(client.url(Browser.location(home)).getPath()).isEqualTo("/login");
    }

    @Test
    void theHandoffNeverReturnsToAnotherSite() throws Exception { // RFC 9700 §4.11
        Browser browser = signedIn();
        for (String elsewhere : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example",
                "/some/other/page"}) {
            HttpResponse<String> r = browser.get("/nuid-oauth/login?return=" + Browser.enc(elsewhere));
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(Browser.location(r)).isEqualTo("/");
        }
    }

    @Test
    void aFreshLoginIsAskedForWhenTheClientSaysPromptLogin() throws Exception { // OIDC Core §3.1.2.1
        Browser browser = signedIn();
        URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), DEMO_APP, CALLBACK)
                .state(new State()).nonce(new Nonce()).codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
                .prompt(new com.nimbusds.openid.connect.sdk.Prompt("login"))
                .endpointURI(browser.url("/api/oauth/authorize")).build().toURI();
        HttpResponse<String> toHandoff = browser.get(authorize.toString());
        assertThat(Browser.location(toHandoff)).startsWith("/nuid-oauth/login?").contains("reauth=1");
        // the hand-off signs alice out and asks again without reauth...
        HttpResponse<String> again = browser.get(Browser.location(toHandoff));
        assertThat(Browser.location(again)).startsWith("/nuid-oauth/login?return=").doesNotContain("reauth");
        // ...so the application's login comes up, although she had a session
        HttpResponse<String> toLogin = browser.get(Browser.location(again));
        assertThat(browser.url(Browser.location(toLogin)).getPath()).isEqualTo("/login");
        String csrf = Browser.springCsrf(browser.get("/login").body());
        HttpResponse<String> signedIn = browser.post("/login", Browser.form(Map.of("_csrf", csrf),
                "username", "alice", "password", PortalApplication.PASSWORD));
        HttpResponse<String> back = browser.get(Browser.location(signedIn));
        assertThat(Browser.location(back)).startsWith("/api/oauth/authorize?");
        // with the new login the engine goes on: the consent page, or the code if alice consented before
        HttpResponse<String> next = browser.get(Browser.location(back));
        if (next.statusCode() == 200) {
            assertThat(next.body()).contains("nuid_decision");
        } else {
            assertThat(Browser.location(next)).startsWith(CALLBACK + "?code=");
        }
    }

    @Test
    void theActuatorReportsTheStoreAndNeverTheSecret() throws Exception {
        Browser browser = signedIn();
        HttpResponse<String> health = browser.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        Map<String, Object> components = JSONObjectUtils.getJSONObject(JSONObjectUtils.parse(health.body()), "components");
        Map<String, Object> store = JSONObjectUtils.getJSONObject(components, "nuidOAuth");
        assertThat(store.get("status")).isEqualTo("UP");
        assertThat(JSONObjectUtils.getJSONObject(store, "details").get("store")).isEqualTo("JdbcStorage");

        HttpResponse<String> configprops = browser.get("/actuator/configprops");
        assertThat(configprops.statusCode()).isEqualTo(200);
        assertThat(configprops.body()).contains("portal-backend").contains("******").doesNotContain(BACKEND_SECRET);
    }

    private Browser signedIn() throws Exception {
        Browser browser = new Browser(port);
        String csrf = Browser.springCsrf(browser.get("/login").body());
        HttpResponse<String> r = browser.post("/login", Browser.form(Map.of("_csrf", csrf),
                "username", "alice", "password", PortalApplication.PASSWORD));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(Browser.location(r)).doesNotContain("error");
        return browser;
    }

    private static OIDCTokenResponse oidcTokens(HTTPResponse http) throws Exception {
        TokenResponse parsed = OIDCTokenResponseParser.parse(http);
        if (!parsed.indicatesSuccess()) {
            throw new AssertionError("token error: " + ((TokenErrorResponse) parsed).getErrorObject().getCode() + ": "
                    + ((TokenErrorResponse) parsed).getErrorObject().getDescription());
        }
        assertThat(http.getHeaderValue("Cache-Control")).isEqualTo("no-store"); // RFC 6749 §5.1
        return (OIDCTokenResponse) parsed.toSuccessResponse();
    }

    private static HTTPResponse userinfo(Browser browser, AccessToken token) throws Exception {
        return new UserInfoRequest(browser.url("/api/oauth/userinfo"), (BearerAccessToken) token).toHTTPRequest().send();
    }
}
