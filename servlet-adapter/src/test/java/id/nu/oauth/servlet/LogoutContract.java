package id.nu.oauth.servlet;

import static id.nu.oauth.servlet.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect logout over HTTP: the end-session endpoint (RP-Initiated Logout 1.0) with its
 * confirmation page, CSRF check and error pages, the host's logout hook, and the back channel
 * (Back-Channel Logout 1.0) reaching a relying party in the same container. Nimbus builds the
 * logout requests and validates the logout tokens.
 */
abstract class LogoutContract {

    private static final AtomicInteger USERS = new AtomicInteger();

    private final TestContainer.Kind kind;
    private final String contextPath;
    LogoutPortal portal;
    TestContainer container;

    LogoutContract(TestContainer.Kind kind, String contextPath) {
        this.kind = kind;
        this.contextPath = contextPath;
    }

    @BeforeEach
    void start() throws Exception {
        container = kind.start(contextPath, origin -> {
            portal = new LogoutPortal(URI.create(origin + contextPath + "/api"), origin, contextPath);
            return portal.mount();
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    // ---------------------------------------------------------------- success

    @Test
    void metadataNamesTheEndSessionEndpointThatAnswersHere() throws Exception {
        // RP-Initiated Logout 1.0 §2.1, Back-Channel Logout 1.0 §2.1
        Browser b = new Browser(container);
        OIDCProviderMetadata op = OIDCProviderMetadata.parse(b.get("/api/.well-known/openid-configuration").body());
        assertThat(op.getEndSessionEndpointURI()).isEqualTo(URI.create(portal.issuer + "/oauth/logout"));
        assertThat(op.supportsBackChannelLogout()).isTrue();
        assertThat(op.supportsBackChannelLogoutSession()).isTrue();
    }

    @Test
    void aHintedLogoutEndsBothSessionsRedirectsWithStateAndTellsTheBackChannel() throws Exception {
        // RP-Initiated Logout 1.0 §2, §3; Back-Channel Logout 1.0 §2.4-2.6
        Browser b = loggedIn();
        OIDCTokenResponse tokens = codeFlow(b);
        State state = new State("st-" + USERS.get());

        URI logout = new LogoutRequest(endSession(), tokens.getOIDCTokens().getIDToken(),
                URI.create(LogoutPortal.RP_SIGNED_OUT), state).toURI();
        HttpResponse<String> r = b.getAbsolute(logout);

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains(LogoutPortal.RP_SIGNED_OUT + "?state=" + state);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(portal.ended).hasSize(1);
        String sid = portal.ended.get(0).sessionId();

        String logoutToken = portal.logoutTokens.poll(15, TimeUnit.SECONDS);
        assertThat(logoutToken).as("the relying party's back channel got a logout token").isNotNull();
        LogoutTokenClaimsSet claims = validate(logoutToken);
        assertThat(claims.getSessionID().getValue()).isEqualTo(sid);
        assertThat(claims.getSubject().getValue()).isEqualTo(portal.ended.get(0).subject());

        // the host's session is gone: authorize sends the browser to the login page again
        HttpResponse<String> again = b.getAbsolute(authorize().toURI());
        assertThat(again.headers().firstValue("Location").orElseThrow()).contains("/login?return=");
        // and the grant is revoked: its refresh token stops (RFC 6749 §5.2 invalid_grant)
        TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(endpoint("/oauth/token"),
                basic(), new RefreshTokenGrant(tokens.getTokens().getRefreshToken())).toHTTPRequest().send());
        assertThat(refreshed.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) refreshed).getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void withoutAHintTheConfirmationPageAsksAndItsCsrfProtectedPostLogsOut() throws Exception {
        // RP-Initiated Logout 1.0 §2, §6: the OP asks when it cannot tell the request is the RP's
        Browser b = loggedIn();
        codeFlow(b);
        HttpResponse<String> page = b.get("/api/oauth/logout?" + form("client_id", LogoutPortal.RP,
                "post_logout_redirect_uri", LogoutPortal.RP_SIGNED_OUT, "state", "s1", "ui_locales", "en"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).contains("lang=\"en\"", "Logout RP", "Sign out");
        assertThat(portal.ended).as("nothing ends before the answer").isEmpty();

        Browser.Form form = Browser.Form.parse(page.body());
        assertThat(form.action()).isEqualTo(contextPath + "/api/oauth/logout");
        HttpResponse<String> done = b.postFormAt(form.action(), confirmBody(form, form.value(ConsentView.CSRF_FIELD)));

        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).contains(LogoutPortal.RP_SIGNED_OUT + "?state=s1");
        assertThat(portal.ended).hasSize(1);
        assertThat(portal.logoutTokens.poll(15, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void theConfirmationIsRefusedWithoutTheRightCsrfTokenOrCrossSiteOrAsAGet() throws Exception {
        Browser b = loggedIn();
        HttpResponse<String> page = b.get("/api/oauth/logout?" + form("ui_locales", "en"));
        Browser.Form form = Browser.Form.parse(page.body());

        assertThat(b.postFormAt(form.action(), confirmBody(form, null)).statusCode()).isEqualTo(403);
        assertThat(b.postFormAt(form.action(), confirmBody(form, "forged")).statusCode()).isEqualTo(403);
        assertThat(b.postFormAt(form.action(), confirmBody(form, form.value(ConsentView.CSRF_FIELD)),
                "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(b.get("/api/oauth/logout?" + confirmBody(form, form.value(ConsentView.CSRF_FIELD))).statusCode())
                .as("the token never rides in a URL").isEqualTo(403);
        assertThat(portal.ended).isEmpty();

        HttpResponse<String> ok = b.postFormAt(form.action(), confirmBody(form, form.value(ConsentView.CSRF_FIELD)));
        assertThat(ok.statusCode()).as("no redirect asked: the signed-out page").isEqualTo(200);
        assertThat(ok.body()).contains("You are signed out");
        assertThat(portal.ended).hasSize(1);
    }

    @Test
    void withNobodyLoggedInTheClientGetsItsUserBackAndTheHookIsNotCalled() {
        Browser b = new Browser(container);
        HttpResponse<String> r = b.get("/api/oauth/logout?" + form("client_id", LogoutPortal.RP,
                "post_logout_redirect_uri", LogoutPortal.RP_SIGNED_OUT));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains(LogoutPortal.RP_SIGNED_OUT);
        assertThat(portal.ended).isEmpty();
    }

    // ---------------------------------------------------------------- errors: a page, never a redirect

    @Test
    void unregisteredAndNearMissPostLogoutRedirectUrisGetAnErrorPageNotARedirect() throws Exception {
        // RP-Initiated Logout 1.0 §3: exact match against the registered values; no open redirect
        Browser b = loggedIn();
        String hint = codeFlow(b).getOIDCTokens().getIDTokenString();
        for (String uri : new String[] {"https://evil.example/signed-out", LogoutPortal.RP_SIGNED_OUT + "/",
            LogoutPortal.RP_SIGNED_OUT + "?next=https://evil.example", "https://rp.example.or.id/signed-out.evil.example",
            "http://rp.example.or.id/signed-out", LogoutPortal.RP_REDIRECT}) {
            HttpResponse<String> r = b.get("/api/oauth/logout?" + form("id_token_hint", hint,
                    "post_logout_redirect_uri", uri, "ui_locales", "en"));
            assertThat(r.statusCode()).as(uri).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).as(uri).isEmpty();
            assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(r.body()).contains("not registered").doesNotContain("at id.nu.oauth");
        }
        assertThat(portal.ended).isEmpty();
    }

    @Test
    void aForgedHintAMissingClientAndAnUnknownClientGetErrorPages() throws Exception {
        Browser b = loggedIn();
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("forged").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("forged").build(),
                new JWTClaimsSet.Builder().issuer(portal.issuer.toString()).subject("someone")
                        .audience(LogoutPortal.RP).issueTime(new Date()).expirationTime(new Date()).build());
        forged.sign(new RSASSASigner(foreign));

        HttpResponse<String> r = b.getAbsolute(new LogoutRequest(endSession(), forged,
                URI.create(LogoutPortal.RP_SIGNED_OUT), new State("x")).toURI());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("id_token_hint is not an ID Token issued by this server");

        HttpResponse<String> noClient = b.get("/api/oauth/logout?" + form("post_logout_redirect_uri",
                LogoutPortal.RP_SIGNED_OUT));
        assertThat(noClient.statusCode()).isEqualTo(400);
        assertThat(noClient.headers().firstValue("Location")).isEmpty();

        HttpResponse<String> unknown = b.get("/api/oauth/logout?" + form("client_id", "nobody",
                "post_logout_redirect_uri", LogoutPortal.RP_SIGNED_OUT));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("invalid_client");
        assertThat(portal.ended).isEmpty();
    }

    @Test
    void otherMethodsAre405WithAllow() {
        HttpResponse<String> r = new Browser(container).method("PUT", "/api/oauth/logout");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, POST");
    }

    // ---------------------------------------------------------------- helpers

    private Browser loggedIn() {
        Browser b = new Browser(container);
        b.login("logout-user-" + USERS.incrementAndGet());
        return b;
    }

    private URI endpoint(String path) {
        return URI.create(portal.issuer + path);
    }

    private URI endSession() {
        return endpoint("/oauth/logout");
    }

    private static ClientSecretBasic basic() {
        return new ClientSecretBasic(new ClientID(LogoutPortal.RP), new Secret(LogoutPortal.RP_SECRET));
    }

    private AuthorizationRequest authorize() {
        return new AuthorizationRequest.Builder(new ResponseType("code"), new ClientID(LogoutPortal.RP))
                .endpointURI(endpoint("/oauth/authorize")).redirectionURI(URI.create(LogoutPortal.RP_REDIRECT))
                .scope(new Scope("openid")).state(new State()).build();
    }

    private OIDCTokenResponse codeFlow(Browser b) throws Exception {
        HttpResponse<String> r = b.getAbsolute(authorize().toURI());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        AuthorizationCode code = AuthorizationResponse.parse(URI.create(r.headers().firstValue("Location")
                .orElseThrow())).toSuccessResponse().getAuthorizationCode();
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(endpoint("/oauth/token"), basic(),
                new AuthorizationCodeGrant(code, URI.create(LogoutPortal.RP_REDIRECT))).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isTrue();
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    /** The confirmation form's body with this CSRF token ({@code null}: left out), as the button sends it. */
    private static String confirmBody(Browser.Form form, String csrf) {
        StringBuilder out = new StringBuilder();
        for (var e : form.hidden()) {
            if (e.getKey().equals(ConsentView.CSRF_FIELD)) {
                if (csrf == null) {
                    continue;
                }
                out.append(Browser.enc(e.getKey())).append('=').append(Browser.enc(csrf)).append('&');
            } else {
                out.append(Browser.enc(e.getKey())).append('=').append(Browser.enc(e.getValue())).append('&');
            }
        }
        return out.append(OAuthServlet.LOGOUT_CONFIRM_FIELD).append("=yes").toString();
    }

    /** Back-Channel Logout 1.0 §2.6 with Nimbus: typ logout+jwt, signature by the published keys, claims. */
    private LogoutTokenClaimsSet validate(String logoutToken) throws Exception {
        JWKSet keys = JWKSet.parse(new Browser(container).get("/api/oauth/jwks").body());
        return new LogoutTokenValidator(new Issuer(portal.issuer), new ClientID(LogoutPortal.RP), true,
                new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)), null)
                .validate(JWTParser.parse(logoutToken));
    }
}
