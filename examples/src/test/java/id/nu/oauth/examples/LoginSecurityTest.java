package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login page and the demo client refuse what an attacker would try: open redirects through
 * {@code return} (RFC 9700 §4.11), wrong passwords, login CSRF, session fixation, framing, a forged
 * callback (RFC 6749 §10.12), a callback without {@code iss} or with another issuer (RFC 9207 §2.4).
 */
class LoginSecurityTest {

    private static RunningDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = JettyDemo.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn());
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static URI url(String pathAndQuery) {
        return demo.origin().resolve(pathAndQuery);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean signedIn(Browser browser) throws Exception {
        return browser.get(url("/")).body().contains("Signed in as");
    }

    private static Browser.Form loginForm(Browser browser, String returnUrl) throws Exception {
        Browser.Page page = browser.get(url("/login" + (returnUrl == null ? "" : "?return=" + encode(returnUrl))));
        assertThat(page.status()).isEqualTo(200);
        return page.form("/login", "password").with("username", DemoPortal.DEMO_USERNAME)
                .with("password", DemoPortal.DEMO_PASSWORD);
    }

    @Test
    void aGoodPasswordSignsInAndGoesBackToTheSafeReturnUrlWithANewSessionId() throws Exception {
        Browser browser = new Browser();
        Browser.Form form = loginForm(browser, "/demo-client/");
        String before = sessionId(browser);
        Browser.Page answer = browser.submitOnce(form);
        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.header("Location")).isEqualTo("/demo-client/");
        assertThat(sessionId(browser)).isNotEqualTo(before); // no session fixation
        assertThat(signedIn(browser)).isTrue();
    }

    @Test
    void openRedirectsAreRefusedOnTheFormAndOnThePost() throws Exception { // RFC 9700 §4.11
        Browser browser = new Browser();
        for (String evil : new String[] {"https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
                "http:evil.example"}) {
            Browser.Page page = browser.getOnce(url("/login?return=" + encode(evil)));
            assertThat(page.status()).as(evil).isEqualTo(400);
            assertThat(page.header("Location")).isNull();
            assertThat(page.body()).contains("This sign-in link is not valid");
        }
        Browser.Form form = loginForm(browser, "/").with(LoginServlet.RETURN, "//evil.example/");
        Browser.Page answer = browser.submitOnce(form);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Location")).isNull();
        assertThat(signedIn(browser)).isFalse();
    }

    @Test
    void aWrongPasswordOrUnknownUserGetsTheSameAnswer() throws Exception {
        Browser browser = new Browser();
        Browser.Page wrong = browser.submitOnce(loginForm(browser, null).with("password", "not-the-password"));
        Browser.Page unknown = browser.submitOnce(loginForm(browser, null).with("username", "nobody"));
        for (Browser.Page page : new Browser.Page[] {wrong, unknown}) {
            assertThat(page.status()).isEqualTo(401);
            assertThat(page.body()).contains("Wrong username or password.").contains("role=\"alert\"");
        }
        assertThat(signedIn(browser)).isFalse();
    }

    @Test
    void aLoginPostWithoutThisSessionsCsrfTokenIsRefused() throws Exception {
        // another site can post the form, but cannot read the token out of the victim's page
        Browser attacker = new Browser();
        Browser.Page noSession = attacker.postOnce(url("/login"),
                Map.of("username", DemoPortal.DEMO_USERNAME, "password", DemoPortal.DEMO_PASSWORD, "return", "/"));
        assertThat(noSession.status()).isEqualTo(403);
        assertThat(signedIn(attacker)).isFalse();

        Browser victim = new Browser();
        Browser.Form form = loginForm(victim, null);
        assertThat(victim.submitOnce(form.with(Sessions.CSRF_FIELD, "forged")).status()).isEqualTo(403);
        Map<String, String> withoutToken = new java.util.LinkedHashMap<>(form.fields());
        withoutToken.remove(Sessions.CSRF_FIELD);
        assertThat(victim.postOnce(form.action(), withoutToken).status()).isEqualTo(403);
        assertThat(signedIn(victim)).isFalse();
        assertThat(victim.submitOnce(form).status()).isEqualTo(303); // the genuine form still works
    }

    @Test
    void logoutNeedsTheCsrfTokenAndEndsTheSession() throws Exception {
        Browser browser = new Browser();
        browser.submit(loginForm(browser, null));
        assertThat(browser.postOnce(url("/logout"), Map.of()).status()).isEqualTo(403);
        assertThat(signedIn(browser)).isTrue();
        Browser.Page home = browser.get(url("/"));
        assertThat(browser.submitOnce(home.form("/logout", null)).status()).isEqualTo(303);
        assertThat(signedIn(browser)).isFalse();
    }

    @Test
    void pagesCarryTheAdaptersSecurityHeadersAndTheCookieIsHttpOnlyAndLax() throws Exception {
        Browser browser = new Browser();
        Browser.Page login = browser.getOnce(url("/login"));
        for (String path : new String[] {"/", "/login", "/demo-client/"}) {
            Browser.Page page = browser.getOnce(url(path));
            assertThat(page.header("Content-Security-Policy")).as(path).contains("frame-ancestors 'none'")
                    .contains("default-src 'none'");
            assertThat(page.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(page.header("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(page.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(page.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
        String setCookie = login.header("Set-Cookie");
        assertThat(setCookie).startsWith("NUIDDEMO" + demo.origin().getPort() + "=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");
        assertThat(login.body()).contains("<label for=\"username\">").contains("autocomplete=\"current-password\"");
    }

    @Test
    void theReturnUrlIsEscapedInThePage() throws Exception {
        Browser browser = new Browser();
        Browser.Page page = browser.getOnce(url("/login?return=" + encode("/x\"><script>alert(1)</script>")));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script>").contains("&quot;&gt;&lt;script&gt;");
    }

    @Test
    void theAdapterSendsAnonymousUsersToThisLoginPage() throws Exception {
        Browser browser = new Browser();
        Browser.Page page = browser.getOnce(url("/api/oauth/authorize?response_type=code&client_id=demo-legacy"
                + "&redirect_uri=" + encode(demo.origin() + "/demo-client/callback") + "&state=s1"));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).startsWith("/login?return=%2Fapi%2Foauth%2Fauthorize%3F");
    }

    @Test
    void theDemoClientIgnoresACallbackWithAnotherState() throws Exception { // RFC 6749 §10.12
        Browser browser = new Browser();
        Browser.Page none = browser.getOnce(url("/demo-client/callback?code=stolen&state=x"));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("did not start a sign-in");

        Browser.Page start = browser.get(url("/demo-client/"));
        browser.submitOnce(start.form("/demo-client/start", "value=\"demo-legacy\""));
        Browser.Page forged = browser.get(url("/demo-client/callback?code=attackers-code&state=attackers-state"));
        assertThat(forged.body()).contains("Callback refused: wrong state").doesNotContain("Exchange the code");
    }

    /** Starts the demo client's flow for {@code clientId} and returns the {@code state} it sent. */
    private static String startFlow(Browser browser, String clientId) throws Exception {
        Browser.Page start = browser.get(url("/demo-client/"));
        if (!start.body().contains("/demo-client/start")) { // a flow is shown: start over
            start = browser.submit(start.form("/demo-client/reset", null));
        }
        Browser.Page toAuthorize = browser.submitOnce(start.form("/demo-client/start", "value=\"" + clientId + "\""));
        assertThat(toAuthorize.status()).isEqualTo(303);
        String query = URI.create(toAuthorize.header("Location")).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("state=")) {
                return java.net.URLDecoder.decode(pair.substring("state=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no state in " + toAuthorize.header("Location"));
    }

    @Test
    void theDemoClientRefusesACallbackWithoutIss_rfc9207_2_4() throws Exception {
        // the server always sends iss, so a response without it may come from another server (mix-up)
        Browser browser = new Browser();
        String state = startFlow(browser, "demo-pkce");
        Browser.Page success = browser.get(url("/demo-client/callback?code=some-code&state=" + encode(state)));
        assertThat(success.body()).contains("Callback refused: no issuer").doesNotContain("Exchange the code")
                .doesNotContain("Back at the client");

        state = startFlow(browser, "demo-legacy");
        Browser.Page error = browser.get(url("/demo-client/callback?error=access_denied&state=" + encode(state)));
        assertThat(error.body()).contains("Callback refused: no issuer")
                .doesNotContain("The authorization server said no");
    }

    @Test
    void theDemoClientRefusesACallbackFromAnotherIssuer_rfc9207_2_4() throws Exception {
        Browser browser = new Browser();
        for (String iss : new String[] {"https://evil.example/api", "", demo.origin() + "/api/"}) {
            String state = startFlow(browser, "demo-pkce");
            Browser.Page success = browser.get(url("/demo-client/callback?code=some-code&state=" + encode(state)
                    + "&iss=" + encode(iss)));
            assertThat(success.body()).as(iss).contains("Callback refused: wrong issuer")
                    .doesNotContain("Exchange the code");

            state = startFlow(browser, "demo-confidential");
            Browser.Page error = browser.get(url("/demo-client/callback?error=access_denied&state=" + encode(state)
                    + "&iss=" + encode(iss)));
            assertThat(error.body()).as(iss).contains("Callback refused: wrong issuer")
                    .doesNotContain("The authorization server said no");
        }
    }

    @Test
    void denyingConsentReachesTheClientAsAccessDenied() throws Exception { // RFC 6749 §4.1.2.1
        Browser browser = new Browser();
        browser.submit(loginForm(browser, null));
        Browser.Page start = browser.get(url("/demo-client/"));
        Browser.Page consent = browser.submit(start.form("/demo-client/start", "value=\"demo-pkce\""));
        Browser.Page result = browser.submit(consent.form("", id.nu.oauth.servlet.ConsentView.DENY)
                .with(id.nu.oauth.servlet.ConsentView.DECISION_FIELD, id.nu.oauth.servlet.ConsentView.DENY));
        assertThat(result.url().getPath()).isEqualTo("/demo-client/");
        assertThat(result.body()).contains("The authorization server said no: access_denied")
                .doesNotContain("id=\"access-token\"");
    }

    @Test
    void claimsAreEscapedWhereverTheyAreShown() throws Exception {
        String evil = "<img src=x onerror=alert(1)>";
        DemoConfig config = DemoConfig.parse("""
                {"users": [{"username": "eve", "password": "eve-password", "claims": {"name": "%s",
                  "email": "eve@example.or.id"}}],
                 "clients": [{"clientId": "app", "type": "public", "firstParty": true, "scopes": ["openid", "profile"],
                  "redirectUris": ["http://127.0.0.1/demo-client/callback"]}]}""".formatted(evil), "t.json");
        try (RunningDemo own = TomcatDemo.start(new DemoOptions(0, "/api", null), config)) {
            Browser browser = new Browser();
            Browser.Page start = browser.get(own.origin().resolve("/demo-client/"));
            Browser.Page login = browser.submit(start.form("/demo-client/start", "value=\"app\""));
            Browser.Page result = browser.submit(login.form("/login", "password").with("username", "eve")
                    .with("password", "eve-password"));
            result = browser.submit(result.form("/demo-client/userinfo", null));
            assertThat(Browser.elementText(result.body(), "userinfo")).contains("\"name\": \"" + evil + "\"")
                    .doesNotContain("email"); // the profile scope alone
            assertThat(result.body()).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;")
                    .contains("Signed in as <strong>&lt;img"); // the name is the default display name
            assertThat(browser.get(own.origin().resolve("/")).body()).doesNotContain("<img");
        }
    }

    @Test
    void localhostIsSentToTheCanonicalLoopbackOrigin() throws Exception {
        Browser browser = new Browser();
        Browser.Page page = browser.getOnce(URI.create("http://localhost:" + demo.origin().getPort() + "/demo-client/"));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).isEqualTo(demo.origin() + "/demo-client/");
    }

    private static String sessionId(Browser browser) {
        return browser.cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().startsWith("NUIDDEMO")).map(HttpCookie::getValue).findFirst().orElse(null);
    }
}
