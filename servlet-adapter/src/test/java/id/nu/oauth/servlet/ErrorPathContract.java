package id.nu.oauth.servlet;

import static id.nu.oauth.servlet.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every error path over HTTP: the engine's (mapped as they are) and the adapter's own. */
abstract class ErrorPathContract extends ContainerTestBase {

    ErrorPathContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    private static final String TOKEN = "/api/oauth/token";

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> redeem(Browser b, String code) {
        return b.postForm(TOKEN, form("grant_type", "authorization_code", "code", code,
                "redirect_uri", TestPortal.LEGACY_REDIRECT, "client_id", TestPortal.LEGACY));
    }

    // ---- the engine's errors, passed through --------------------------------------------------

    @Test
    void missingGrantTypeIsInvalidRequest() { // RFC 6749 §5.2
        assertError(browser().postForm(TOKEN, form("client_id", TestPortal.LEGACY, "code", "x")), 400, "invalid_request");
    }

    @Test
    void wrongSecretWithBasicIs401WithChallenge() { // RFC 6749 §5.2 invalid_client
        HttpResponse<String> r = browser().postForm(TOKEN, form("grant_type", "client_credentials"),
                "Authorization", basic(TestPortal.MACHINE, "wrong-secret-wrong-secret-wrong-secret!"));
        assertError(r, 401, "invalid_client");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
    }

    @Test
    void wrongSecretInBodyIs401WithChallenge() { // RFC 6749 §5.2: 401 allowed for every method; RFC 7235 §3.1
        HttpResponse<String> r = browser().postForm(TOKEN, form("grant_type", "client_credentials",
                "client_id", TestPortal.MACHINE, "client_secret", "wrong-secret-wrong-secret-wrong-secret!"));
        assertError(r, 401, "invalid_client");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
    }

    @Test
    void unknownCodeIsInvalidGrant() { // RFC 6749 §5.2
        assertError(redeem(browser(), "no-such-code"), 400, "invalid_grant");
    }

    @Test
    void codeReplayIsInvalidGrantAndRevokesTheFirstTokens() { // RFC 6749 §4.1.2, §10.5
        Browser b = loggedIn();
        String code = legacyCode(b);
        HttpResponse<String> first = redeem(b, code);
        assertThat(first.statusCode()).isEqualTo(200);
        String access = (String) json(first).get("access_token");
        assertError(redeem(b, code), 400, "invalid_grant");
        assertThat(b.get("/me", "Authorization", "Bearer " + access).statusCode()).isEqualTo(401);
    }

    @Test
    void expiredCodeIsInvalidGrant() { // RFC 6749 §4.1.2: codes are short-lived (60 s here)
        Browser b = loggedIn();
        String code = legacyCode(b);
        portal.clock.advance(Duration.ofSeconds(61));
        assertError(redeem(b, code), 400, "invalid_grant");
    }

    @Test
    void unknownGrantTypeIsUnsupported() { // RFC 6749 §5.2
        assertError(browser().postForm(TOKEN, form("grant_type", "password", "client_id", TestPortal.LEGACY,
                "username", "u", "password", "p")), 400, "unsupported_grant_type");
    }

    @Test
    void refreshEndpointAcceptsRefreshTokenGrantOnly() {
        Browser b = loggedIn();
        HttpResponse<String> r = b.postForm("/api/oauth/refreshAccessToken", form("grant_type", "authorization_code",
                "code", legacyCode(b), "client_id", TestPortal.LEGACY));
        assertError(r, 400, "unsupported_grant_type");
    }

    @Test
    void grantTypeTheClientMayNotUseIsUnauthorizedClient() { // RFC 6749 §5.2
        HttpResponse<String> r = browser().postForm(TOKEN, form("grant_type", "authorization_code", "code", "x",
                "redirect_uri", "https://machine.example/cb"), "Authorization", basic(TestPortal.MACHINE, TestPortal.MACHINE_SECRET));
        assertError(r, 400, "unauthorized_client");
    }

    @Test
    void revokingAnotherClientsTokenIsUnauthorizedClient() { // RFC 7009 §2.1
        Browser b = loggedIn();
        String access = (String) json(redeem(b, legacyCode(b))).get("access_token");
        HttpResponse<String> r = b.postForm("/api/oauth/revoke", form("token", access),
                "Authorization", basic(TestPortal.PORTAL, TestPortal.PORTAL_SECRET));
        assertError(r, 400, "unauthorized_client");
        assertThat(b.get("/me", "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownScopeRedirectsWithInvalidScope() { // RFC 6749 §4.1.2.1
        HttpResponse<String> r = loggedIn().get(authorizePath(legacyParams("st-1", "profile admin")));
        assertThat(r.statusCode()).isEqualTo(302);
        Map<String, String> q = Browser.query(URI.create(r.headers().firstValue("Location").orElseThrow()));
        assertThat(q).containsEntry("error", "invalid_scope").containsEntry("state", "st-1");
    }

    @Test
    void publicClientWithoutPkceGetsInvalidRequest() { // OAuth 2.1 / RFC 9700 §2.1.1
        HttpResponse<String> r = loggedIn().get(authorizePath("response_type", "code", "client_id", TestPortal.MOBILE,
                "redirect_uri", TestPortal.MOBILE_REDIRECT, "state", "p1"));
        Map<String, String> q = Browser.query(URI.create(r.headers().firstValue("Location").orElseThrow()));
        assertThat(q).containsEntry("error", "invalid_request").containsEntry("state", "p1").doesNotContainKey("code");
    }

    @Test
    void plainPkceIsRefused() { // RFC 9700 §2.1.1
        HttpResponse<String> r = loggedIn().get(authorizePath("response_type", "code", "client_id", TestPortal.MOBILE,
                "redirect_uri", TestPortal.MOBILE_REDIRECT, "state", "p2",
                "code_challenge", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij", "code_challenge_method", "plain"));
        Map<String, String> q = Browser.query(URI.create(r.headers().firstValue("Location").orElseThrow()));
        assertThat(q).containsEntry("error", "invalid_request").doesNotContainKey("code");
    }

    @Test
    void wrongOrMissingPkceVerifierIsInvalidGrant() { // RFC 7636 §4.6
        Browser b = loggedIn();
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // RFC 7636 Appendix B
        String[] params = {"response_type", "code", "client_id", TestPortal.MOBILE,
            "redirect_uri", TestPortal.MOBILE_REDIRECT, "code_challenge", challenge, "code_challenge_method", "S256"};
        String code = Browser.query(authorizeApproved(b, params)).get("code");
        assertError(b.postForm(TOKEN, form("grant_type", "authorization_code", "code", code, "client_id", TestPortal.MOBILE,
                "redirect_uri", TestPortal.MOBILE_REDIRECT, "code_verifier", verifier.replace('d', 'e'))), 400, "invalid_grant");

        String code2 = Browser.query(authorizeApproved(b, params)).get("code");
        assertError(b.postForm(TOKEN, form("grant_type", "authorization_code", "code", code2, "client_id", TestPortal.MOBILE,
                "redirect_uri", TestPortal.MOBILE_REDIRECT)), 400, "invalid_grant");

        String code3 = Browser.query(authorizeApproved(b, params)).get("code");
        HttpResponse<String> ok = b.postForm(TOKEN, form("grant_type", "authorization_code", "code", code3,
                "client_id", TestPortal.MOBILE, "redirect_uri", TestPortal.MOBILE_REDIRECT, "code_verifier", verifier));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void unknownClientGetsAnErrorPageNotARedirect() { // RFC 6749 §4.1.2.1
        HttpResponse<String> r = loggedIn().get(authorizePath("response_type", "code", "client_id", "<script>x</script>",
                "redirect_uri", "https://evil.example/cb", "state", "s"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertHtmlSecurityHeaders(r);
        assertThat(r.body()).contains("<html lang=\"id\" dir=\"ltr\">").contains("invalid_client").doesNotContain("<script>x");
    }

    @Test
    void unregisteredRedirectUriGetsAnErrorPage() { // RFC 6749 §4.1.2.1, RFC 9700 §4.1
        HttpResponse<String> r = loggedIn().get(authorizePath("response_type", "code", "client_id", TestPortal.LEGACY,
                "redirect_uri", "https://evil.example/cb", "state", "s"), "Accept-Language", "en");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertHtmlSecurityHeaders(r);
        assertThat(r.body()).contains("<html lang=\"en\" dir=\"ltr\">").contains("invalid_request").doesNotContain("evil.example");
    }

    @Test
    void duplicateParameterAcrossQueryAndBodyIsRefused() { // RFC 6749 §3.2
        Browser b = loggedIn();
        String code = legacyCode(b);
        HttpResponse<String> r = b.postForm(TOKEN + "?grant_type=authorization_code", form("grant_type",
                "authorization_code", "code", code, "redirect_uri", TestPortal.LEGACY_REDIRECT, "client_id", TestPortal.LEGACY));
        assertError(r, 400, "invalid_request");
        r = b.postForm(TOKEN + "?client_id=" + TestPortal.LEGACY, form("grant_type", "authorization_code", "code", code,
                "redirect_uri", TestPortal.LEGACY_REDIRECT, "client_id", TestPortal.LEGACY));
        assertError(r, 400, "invalid_request");
    }

    @Test
    void duplicateAuthorizeParameterIsRefused() { // RFC 6749 §3.1
        Browser b = loggedIn();
        HttpResponse<String> r = b.get(authorizePath(legacyParams("s", "profile")) + "&scope=email");
        Map<String, String> q = Browser.query(URI.create(r.headers().firstValue("Location").orElseThrow()));
        assertThat(q).containsEntry("error", "invalid_request").doesNotContainKey("code");
        r = b.get(authorizePath(legacyParams("s", "profile")) + "&client_id=" + TestPortal.LEGACY);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }

    // ---- the adapter's own errors -------------------------------------------------------------

    @Test
    void wrongMethodsAre405WithAllow() { // RFC 9110 §15.5.6
        Browser b = browser();
        Object[][] cases = {
            {"GET", TOKEN, "POST"}, {"PUT", "/api/oauth/revoke", "POST"}, {"DELETE", "/api/oauth/refreshAccessToken", "POST"},
            {"PUT", "/api/oauth/authorize", "GET, POST"}, {"GET", "/api/oauth/consent", "POST"},
            {"OPTIONS", TOKEN, "POST"}, {"DELETE", "/api/oauth/jwks", "GET, HEAD"}, {"PATCH", "/api/oauth/userinfo", "GET, POST"},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = b.method((String) c[0], (String) c[1]);
            assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(c[0] + " " + c[1]).hasValue((String) c[2]);
            if (!((String) c[1]).endsWith("/authorize")) { // the authorization endpoint answers browsers with a page
                assertError(r, 405, "invalid_request");
            }
        }
        HttpResponse<String> head = b.method("HEAD", "/api/oauth/authorize?client_id=x");
        assertThat(head.statusCode()).isEqualTo(405);
        assertThat(head.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    @Test
    void unknownPathsAre404Json() {
        Browser b = browser();
        for (String path : new String[] {"/api/oauth/nope", "/api/", "/api", "/api/oauth/token/extra", "/api/oauth"}) {
            HttpResponse<String> r = b.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertError(r, 404, "not_found");
        }
    }

    @Test
    void bodiesOtherThanUtf8FormsAre415NotServerErrors() { // RFC 6749 Appendix B; RFC 9110 §15.5.16
        Browser b = browser();
        String form = form("grant_type", "client_credentials");
        String auth = basic(TestPortal.MACHINE, TestPortal.MACHINE_SECRET);
        assertError(b.post(TOKEN, "application/json", "{\"grant_type\":\"client_credentials\"}", "Authorization", auth),
                415, "invalid_request");
        assertError(b.post(TOKEN, null, form, "Authorization", auth), 415, "invalid_request");
        assertError(b.post(TOKEN, "application/x-www-form-urlencoded; charset=ISO-8859-1", form, "Authorization", auth),
                415, "invalid_request");
        assertError(b.post("/api/oauth/revoke", "multipart/form-data; boundary=x", "--x--", "Authorization", auth),
                415, "invalid_request");
        HttpResponse<String> ok = b.post(TOKEN, "Application/X-WWW-Form-Urlencoded; Charset=\"utf-8\"", form,
                "Authorization", auth);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void malformedEncodingIs400() {
        Browser b = browser();
        assertError(b.postForm(TOKEN, "grant_type=client_credentials&scope=%zz"), 400, "invalid_request");
        assertError(b.postForm(TOKEN, "grant_type=client_credentials&scope=%ff%fe"), 400, "invalid_request");
        assertError(b.postForm(TOKEN, "grant_type=client_credentials&scope=%4"), 400, "invalid_request");
        HttpResponse<String> page = b.get("/api/oauth/authorize?client_id=%ff%fe"); // not UTF-8
        assertThat(page.statusCode()).isEqualTo(400);
        assertHtmlSecurityHeaders(page);
    }

    @Test
    void oversizedBodiesAre413() { // RFC 9700: parameter and body size caps
        Browser b = browser();
        String big = form("grant_type", "client_credentials", "pad", "x".repeat(TestPortal.MAX_BODY));
        assertError(b.postForm(TOKEN, big), 413, "invalid_request");
        // Without a Content-Length (chunked), the cap still holds.
        HttpRequest.Builder chunked = HttpRequest.newBuilder(b.app(TOKEN)).header("Content-Type", Browser.FORM)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))));
        assertError(b.send(chunked), 413, "invalid_request");
    }

    @Test
    void twoAuthorizationHeadersAre400() {
        String auth = basic(TestPortal.MACHINE, TestPortal.MACHINE_SECRET);
        assertError(browser().postForm(TOKEN, form("grant_type", "client_credentials"),
                "Authorization", auth, "Authorization", auth), 400, "invalid_request");
    }

    @Test
    void hostFaultIs500JsonWithoutDetails() {
        Browser b = loggedIn();
        HttpResponse<String> r = b.get(authorizePath(legacyParams("s", "profile")), TestPortal.FAULT_HEADER, "1");
        assertError(r, 500, "server_error");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("s3cr3t").doesNotContain("at id.nu");
    }

    // ---- consent form CSRF ----------------------------------------------------------------------

    @Test
    void consentWithWrongCsrfTokenIs403AndRecordsNothing() {
        Browser b = loggedIn();
        HttpResponse<String> page = b.get(authorizePath(legacyParams("s", "email")));
        Browser.Form form = Browser.Form.parse(page.body());
        assertThat(form.value(ConsentView.CSRF_FIELD)).hasSizeGreaterThanOrEqualTo(40);

        for (String forged : new String[] {"forged", form.value(ConsentView.CSRF_FIELD) + "x", null}) {
            HttpResponse<String> r = b.postFormAt(form.action(), form.bodyWithCsrf(ConsentView.APPROVE, forged));
            assertThat(r.statusCode()).as(String.valueOf(forged)).isEqualTo(403);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertHtmlSecurityHeaders(r);
        }
        // The token sent twice (once right, once wrong) is refused too.
        HttpResponse<String> twice = b.postFormAt(form.action(),
                form.body(ConsentView.APPROVE) + "&" + ConsentView.CSRF_FIELD + "=forged");
        assertThat(twice.statusCode()).isEqualTo(403);
        // Nothing was recorded: consent is still asked.
        assertThat(b.get(authorizePath(legacyParams("s", "email"))).statusCode()).isEqualTo(200);
    }

    @Test
    void consentFormFromAnotherSessionIs403() { // a cross-site form replaying a victim's page
        Browser attacker = loggedIn();
        Browser.Form attackersForm = Browser.Form.parse(attacker.get(authorizePath(legacyParams("s", "email"))).body());
        Browser victim = loggedIn();
        assertThat(victim.postFormAt(attackersForm.action(), attackersForm.body(ConsentView.APPROVE)).statusCode())
                .isEqualTo(403);
        Browser noSession = browser();
        assertThat(noSession.postFormAt(attackersForm.action(), attackersForm.body(ConsentView.APPROVE)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void crossSiteConsentPostIs403EvenWithTheToken() { // Fetch Metadata, defence in depth
        Browser b = loggedIn();
        Browser.Form form = Browser.Form.parse(b.get(authorizePath(legacyParams("s", "email"))).body());
        assertThat(b.postFormAt(form.action(), form.body(ConsentView.APPROVE), "Sec-Fetch-Site", "cross-site")
                .statusCode()).isEqualTo(403);
        assertThat(b.postFormAt(form.action(), form.body(ConsentView.APPROVE), "Sec-Fetch-Site", "same-origin")
                .statusCode()).isEqualTo(303);
    }

    @Test
    void consentWithoutADecisionIs400() {
        Browser b = loggedIn();
        Browser.Form form = Browser.Form.parse(b.get(authorizePath(legacyParams("s", "email"))).body());
        HttpResponse<String> r = b.postFormAt(form.action(), form.body("maybe"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertHtmlSecurityHeaders(r);
    }

    @Test
    void consentPostMustBeAForm() {
        Browser b = loggedIn();
        Browser.Form form = Browser.Form.parse(b.get(authorizePath(legacyParams("s", "email"))).body());
        HttpRequest.Builder json = HttpRequest.newBuilder(b.resolve(form.action()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        assertThat(b.send(json).statusCode()).isEqualTo(415);
    }

    // ---- login return URLs ----------------------------------------------------------------------

    @Test
    void loginReturnUrlIsRebuiltAsASameOriginPath() { // RFC 9700 §4.11: no open redirect
        Browser b = browser();
        HttpRequest.Builder odd = HttpRequest.newBuilder(b.app("/api/./oauth/authorize?" + Browser.form(legacyParams("s", "profile"))));
        HttpResponse<String> r = b.send(odd.GET());
        assertThat(r.statusCode()).isEqualTo(302);
        String returnTo = Browser.query(b.resolve(r.headers().firstValue("Location").orElseThrow())).get("return");
        assertThat(returnTo).startsWith(container.contextPath() + "/api/oauth/authorize?");
        assertThat(ReturnUrls.isSafe(returnTo)).isTrue();
    }

    @Test
    void hostLoginPageRefusesForeignReturnUrls() { // the host's use of ReturnUrls.isSafe
        Browser b = browser();
        for (String evil : new String[] {"//evil.example/x", "/\\evil.example", "https://evil.example/",
            "/\t/evil.example", "javascript:alert(1)"}) {
            assertThat(b.postForm("/login", form("user", newUser(), "return", evil)).statusCode()).as(evil).isEqualTo(400);
        }
    }
}
