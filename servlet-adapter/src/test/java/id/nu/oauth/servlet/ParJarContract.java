package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pushed authorization requests (RFC 9126), signed request objects (RFC 9101) and
 * {@code response_mode=form_post} over real HTTP; requests built and answers read with Nimbus.
 */
abstract class ParJarContract extends ContainerTestBase {

    private static final URI PAR = URI.create("https://nu.id/api/oauth/par");

    ParJarContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    private static AuthorizationRequest.Builder request(String clientId, String redirectUri, String state) {
        return new AuthorizationRequest.Builder(new ResponseType("code"), new ClientID(clientId))
                .redirectionURI(URI.create(redirectUri)).scope(new Scope("profile")).state(new State(state))
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256);
    }

    /** Sends a Nimbus-built PAR request to the container as it is: its form body and its Authorization header. */
    private HttpResponse<String> push(PushedAuthorizationRequest par) {
        HTTPRequest http = par.toHTTPRequest();
        String authorization = http.getAuthorization();
        return authorization == null
                ? browser().postForm("/api/oauth/par", http.getBody())
                : browser().postForm("/api/oauth/par", http.getBody(), "Authorization", authorization);
    }

    private static PushedAuthorizationResponse parse(HttpResponse<String> r) throws Exception {
        HTTPResponse http = new HTTPResponse(r.statusCode());
        r.headers().map().forEach((name, values) -> http.setHeader(name, values.toArray(String[]::new)));
        http.setBody(r.body());
        return PushedAuthorizationResponse.parse(http);
    }

    private String requestUri(PushedAuthorizationRequest par) throws Exception {
        HttpResponse<String> r = push(par);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertNoStore(r);
        return parse(r).toSuccessResponse().getRequestURI().toString();
    }

    /** A request object made now on the portal's clock (the engine judges exp and iat by it). */
    private String sign(AuthorizationRequest request, ECKey key) throws JOSEException {
        java.time.Instant now = portal.clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder(request.toJWTClaimsSet())
                .issuer(request.getClientID().getValue()).audience("https://nu.id/api")
                .issueTime(java.util.Date.from(now))
                .expirationTime(java.util.Date.from(now.plus(Duration.ofMinutes(59)))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(new JOSEObjectType("oauth-authz-req+jwt")).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static void assertErrorPage(HttpResponse<String> r, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertHtmlSecurityHeaders(r);
        assertThat(r.body()).contains(error);
    }

    // ---- PAR -----------------------------------------------------------------------------------------

    @Test
    void aPushedRequestAuthorizesOnceOverHttp_rfc9126_2_4() throws Exception {
        String uri = requestUri(new PushedAuthorizationRequest(PAR,
                new ClientSecretBasic(new ClientID(TestPortal.BANK), new Secret(TestPortal.BANK_SECRET)),
                request(TestPortal.BANK, TestPortal.BANK_REDIRECT, "par-1").build()));
        Browser b = loggedIn();
        String authorize = authorizePath("client_id", TestPortal.BANK, "request_uri", uri,
                "redirect_uri", "https://evil.example/cb", "state", "forged"); // outside: ignored (§4)
        HttpResponse<String> consent = b.get(authorize);
        URI redirect = decide(b, consent, ConsentView.APPROVE);
        AuthorizationSuccessResponse ok = AuthorizationResponse.parse(redirect).toSuccessResponse();
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(TestPortal.BANK_REDIRECT));
        assertThat(ok.getState()).isEqualTo(new State("par-1"));
        assertThat(ok.getAuthorizationCode()).isNotNull();

        assertErrorPage(b.get(authorize), "invalid_request_uri"); // used up
    }

    @Test
    void aPublicClientPushesWithItsClientId_rfc9126_2_1() throws Exception {
        String uri = requestUri(new PushedAuthorizationRequest(PAR,
                request(TestPortal.FIRST_PARTY, TestPortal.FIRST_PARTY_REDIRECT, "pub").build()));
        HttpResponse<String> r = loggedIn().get(authorizePath("client_id", TestPortal.FIRST_PARTY,
                "request_uri", uri));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(Browser.query(URI.create(r.headers().firstValue("Location").orElseThrow())))
                .containsKey("code").containsEntry("state", "pub");
    }

    @Test
    void everyPushErrorIsJsonNeverAPage_rfc9126_2_3() throws Exception {
        HttpResponse<String> wrong = push(new PushedAuthorizationRequest(PAR,
                new ClientSecretBasic(new ClientID(TestPortal.BANK), new Secret("not-the-secret")),
                request(TestPortal.BANK, TestPortal.BANK_REDIRECT, "x").build()));
        assertError(wrong, 401, "invalid_client");
        assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");

        Browser b = browser();
        assertError(b.postForm("/api/oauth/par", "response_type=code"), 401, "invalid_client");
        assertError(b.postForm("/api/oauth/par", "client_id=" + TestPortal.FIRST_PARTY
                + "&response_type=code&request_uri=urn:ietf:params:oauth:request_uri:abc"), 400, "invalid_request");
        assertError(b.postForm("/api/oauth/par", "client_id=" + TestPortal.FIRST_PARTY
                + "&response_type=code&redirect_uri=https://evil.example/cb"), 400, "invalid_request");
        assertError(b.postForm("/api/oauth/par", "client_id=" + TestPortal.FIRST_PARTY
                + "&response_type=code&scope=admin"), 400, "invalid_scope");
        assertError(b.postForm("/api/oauth/par", "client_id=" + TestPortal.FIRST_PARTY
                + "&response_type=code&response_mode=jwt"), 400, "invalid_request");
        assertError(b.postForm("/api/oauth/par", "client_id=" + TestPortal.SIGNER
                + "&response_type=code"), 400, "invalid_request"); // must sign (RFC 9101 §10.5)
        HttpResponse<String> get = b.get("/api/oauth/par");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aBadRequestUriIsAnErrorPage_rfc9126_4() throws Exception {
        Browser b = loggedIn();
        assertErrorPage(b.get(authorizePath("client_id", TestPortal.BANK, "request_uri",
                "urn:ietf:params:oauth:request_uri:unknown")), "invalid_request_uri");
        assertErrorPage(b.get(authorizePath("client_id", TestPortal.BANK, "request_uri",
                "https://attacker.example/req.jwt")), "invalid_request_uri");
        String bankUri = requestUri(new PushedAuthorizationRequest(PAR,
                new ClientSecretBasic(new ClientID(TestPortal.BANK), new Secret(TestPortal.BANK_SECRET)),
                request(TestPortal.BANK, TestPortal.BANK_REDIRECT, "x").build()));
        assertErrorPage(b.get(authorizePath("client_id", TestPortal.FIRST_PARTY, "request_uri", bankUri)),
                "invalid_request_uri");
        portal.clock.advance(Duration.ofSeconds(61));
        assertErrorPage(b.get(authorizePath("client_id", TestPortal.BANK, "request_uri", bankUri)),
                "invalid_request_uri");
    }

    @Test
    void aClientThatMustPushGetsAnErrorRedirectWithoutPushing_rfc9126_6() {
        HttpResponse<String> r = loggedIn().get(authorizePath("response_type", "code", "client_id", TestPortal.BANK,
                "redirect_uri", TestPortal.BANK_REDIRECT, "state", "np"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(Browser.query(URI.create(r.headers().firstValue("Location").orElseThrow())))
                .containsEntry("error", "invalid_request").containsEntry("state", "np");
    }

    @Test
    void metadataNamesTheParEndpointAndSignedRequests() throws Exception {
        HttpResponse<String> r = browser().get("/api/.well-known/oauth-authorization-server");
        AuthorizationServerMetadata m = AuthorizationServerMetadata.parse(r.body());
        assertThat(m.getPushedAuthorizationRequestEndpointURI()).isEqualTo(PAR);
        assertThat(m.supportsRequestParam()).isTrue();
        assertThat(m.getRequestObjectJWSAlgs()).contains(JWSAlgorithm.ES256).doesNotContain(JWSAlgorithm.HS256);
        assertThat(m.getResponseModes()).containsExactly(ResponseMode.QUERY, ResponseMode.FORM_POST);
    }

    // ---- JAR -----------------------------------------------------------------------------------------

    @Test
    void aSignedRequestObjectAuthorizesOverHttp_rfc9101_5() throws Exception {
        String object = sign(request(TestPortal.SIGNER, TestPortal.SIGNER_REDIRECT, "jar-1").build(),
                TestPortal.SIGNER_KEY);
        Browser b = loggedIn();
        URI redirect = authorizeApproved(b, "client_id", TestPortal.SIGNER, "request", object, "state", "forged");
        AuthorizationSuccessResponse ok = AuthorizationResponse.parse(redirect).toSuccessResponse();
        assertThat(ok.getState()).isEqualTo(new State("jar-1"));
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(TestPortal.SIGNER_REDIRECT));
    }

    @Test
    void aSignedRequestObjectCanBePushed_rfc9126_3() throws Exception {
        String object = sign(request(TestPortal.SIGNER, TestPortal.SIGNER_REDIRECT, "jar-par").build(),
                TestPortal.SIGNER_KEY);
        String uri = requestUri(new PushedAuthorizationRequest(PAR, new AuthorizationRequest.Builder(
                SignedJWT.parse(object), new ClientID(TestPortal.SIGNER)).build()));
        URI redirect = authorizeApproved(loggedIn(), "client_id", TestPortal.SIGNER, "request_uri", uri);
        assertThat(Browser.query(redirect)).containsKey("code").containsEntry("state", "jar-par");
    }

    @Test
    void aBadRequestObjectIsAnErrorPageAndASignerMustSign_rfc9101_6_2_10_5() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("signer-1").generate();
        String forged = sign(request(TestPortal.SIGNER, TestPortal.SIGNER_REDIRECT, "x").build(), stranger);
        Browser b = loggedIn();
        assertErrorPage(b.get(authorizePath("client_id", TestPortal.SIGNER, "request", forged)),
                "invalid_request_object");
        HttpResponse<String> unsigned = b.get(authorizePath("response_type", "code", "client_id", TestPortal.SIGNER,
                "redirect_uri", TestPortal.SIGNER_REDIRECT, "state", "u", "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        assertThat(unsigned.statusCode()).isEqualTo(302);
        assertThat(Browser.query(URI.create(unsigned.headers().firstValue("Location").orElseThrow())))
                .containsEntry("error", "invalid_request").containsEntry("state", "u");
    }

    // ---- response_mode=form_post --------------------------------------------------------------------

    private static Map<String, List<String>> postedForm(String html) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        Matcher input = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">").matcher(html);
        while (input.find()) {
            form.put(input.group(1), List.of(input.group(2).replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")));
        }
        return form;
    }

    private static void assertFormPostPage(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertHtmlSecurityHeaders(r);
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher script = Pattern.compile("<script>(.*?)</script>").matcher(r.body());
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(csp).contains("script-src 'sha256-" + hash + "'");
    }

    @Test
    void formPostAnswersWithAnAutoSubmittingFormOverHttp_formPost_2() throws Exception {
        Browser b = loggedIn();
        HttpResponse<String> r = b.get(authorizePath("response_type", "code", "client_id", TestPortal.FIRST_PARTY,
                "redirect_uri", TestPortal.FIRST_PARTY_REDIRECT, "state", "fp <1>", "response_mode", "form_post",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        assertFormPostPage(r);
        assertThat(r.body()).contains("action=\"" + TestPortal.FIRST_PARTY_REDIRECT + "\"");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).doesNotContain("form-action");
        AuthorizationSuccessResponse ok = AuthorizationResponse.parse(URI.create(TestPortal.FIRST_PARTY_REDIRECT),
                postedForm(r.body())).toSuccessResponse();
        assertThat(ok.getState()).isEqualTo(new State("fp <1>"));
        assertThat(ok.getIssuer().getValue()).isEqualTo("https://nu.id/api");
    }

    @Test
    void afterConsentTheAnswerIsPostedToo_formPost_2() throws Exception {
        Browser b = loggedIn();
        HttpResponse<String> consent = b.get(authorizePath(legacyParamsWith("response_mode", "form_post")));
        Browser.Form form = Browser.Form.parse(consent.body());
        HttpResponse<String> r = b.postFormAt(form.action(), form.body(ConsentView.DENY));
        assertFormPostPage(r);
        Map<String, List<String>> posted = postedForm(r.body());
        assertThat(posted).containsEntry("error", List.of("access_denied")).containsEntry("state", List.of("fpc"));
    }

    private static String[] legacyParamsWith(String name, String value) {
        String[] params = legacyParams("fpc", "profile");
        String[] more = java.util.Arrays.copyOf(params, params.length + 2);
        more[params.length] = name;
        more[params.length + 1] = value;
        return more;
    }

    @Test
    void anUnsupportedResponseModeIsAnErrorRedirect() {
        for (String mode : new String[] {"fragment", "jwt", "garbage"}) {
            HttpResponse<String> r = loggedIn().get(authorizePath(legacyParamsWith("response_mode", mode)));
            assertThat(r.statusCode()).as(mode).isEqualTo(302);
            assertThat(Browser.query(URI.create(r.headers().firstValue("Location").orElseThrow())))
                    .containsEntry("error", "invalid_request").containsEntry("state", "fpc");
        }
    }
}
