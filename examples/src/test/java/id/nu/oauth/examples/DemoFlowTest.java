package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import id.nu.oauth.servlet.ConsentView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts the demo portal in each container on 127.0.0.1, port 0, and walks the demo client's flow
 * over real HTTP as a browser would: demo client → authorize → login → consent → callback (state and
 * iss checked) → token (with an id_token, verified) → refreshAccessToken → userinfo → the protected
 * API → introspect → revoke, and {@code prompt=login} for a user who is already signed in. The same
 * portal setup in Jetty 12 and Tomcat 11 shows the adapter is container-neutral.
 */
class DemoFlowTest {

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("Jetty 12", (DemoMain.Starter) JettyDemo::start),
                Arguments.of("Tomcat 11", (DemoMain.Starter) TomcatDemo::start));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void walksTheDocumentedFlowForEveryDemoClient(String name, DemoMain.Starter starter) throws Exception {
        try (RunningDemo demo = starter.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
            assertThat(demo.origin().getHost()).isEqualTo("127.0.0.1");
            Browser browser = new Browser();
            URI home = demo.origin().resolve("/");
            assertThat(browser.get(home).body()).contains("embedded " + name);

            // 1. the legacy public client: exactly the documented NU.ID flow (login and consent on the way);
            //    openid in its scope brings an id_token, but the request keeps its shape: no nonce
            Browser.Page result = signIn(browser, demo, "demo-legacy", true);
            assertThat(authorizeRequest(result.body(), demo)).containsOnlyKeys("response_type", "client_id",
                    "redirect_uri", "state", "scope").containsEntry("response_type", "code")
                    .containsEntry("client_id", "demo-legacy").containsEntry("scope", "openid+profile+email");
            assertThat(result.body()).doesNotContain("code_challenge=").doesNotContain("nonce=");
            Map<String, Object> idClaims = verifiedIdToken(result, demo, "demo-legacy", null);
            assertThat(result.body()).contains("no nonce to compare, because the documented request sends none");
            assertThat(Browser.elementText(result.body(), "access-token-jwt-claims")).isNull(); // opaque
            String access = Browser.elementText(result.body(), "access-token");
            String refresh = Browser.elementText(result.body(), "refresh-token");
            assertThat(access).isNotBlank();
            assertThat(refresh).isNotBlank().isNotEqualTo("(none)");
            assertThat(apiStatus(browser, demo, access)).isEqualTo(200);

            // refreshAccessToken: a new access token; a legacy client keeps its refresh token (KEEP)
            result = browser.submit(result.form("/demo-client/refresh", null));
            assertThat(lastStep(result.body())).contains("POST " + demo.origin() + "/api/oauth/refreshAccessToken")
                    .contains("grant_type=refresh_token").contains("client_id=demo-legacy").contains("HTTP 200")
                    .contains("No new refresh_token, as documented");
            String refreshed = Browser.elementText(result.body(), "access-token");
            assertThat(refreshed).isNotBlank().isNotEqualTo(access);
            assertThat(Browser.elementText(result.body(), "refresh-token")).isEqualTo(refresh);

            // userinfo (OIDC Core §5.3) with the access token: profile and email claims, never phone or address,
            // which the demo user has but the scopes openid profile email do not release (§5.4)
            result = browser.submit(result.form("/demo-client/userinfo", null));
            assertThat(lastStep(result.body())).contains("GET " + demo.origin() + "/api/oauth/userinfo")
                    .contains("Authorization: Bearer " + refreshed).contains("HTTP 200")
                    .contains("Its sub is the id_token&#39;s sub");
            Map<String, Object> userinfo = json(Browser.elementText(result.body(), "userinfo"));
            assertThat(userinfo).containsEntry("sub", idClaims.get("sub")).containsEntry("name", "Demo User")
                    .containsEntry("given_name", "Demo").containsEntry("family_name", "User")
                    .containsEntry("email", "demo.user@example.or.id").containsEntry("email_verified", true)
                    .doesNotContainKeys("phone_number", "phone_number_verified", "address");

            // the protected API through the demo client, then revoke the access token (RFC 7009)
            result = browser.submit(result.form("/demo-client/call-api", null));
            assertThat(lastStep(result.body())).contains("HTTP 200").contains("&quot;sub&quot;: &quot;demo&quot;");
            result = browser.submit(result.form("/demo-client/revoke", "value=\"access\""));
            assertThat(lastStep(result.body())).contains("Revoke the access token").contains("HTTP 200")
                    .contains("Revoked:");
            assertThat(apiStatus(browser, demo, refreshed)).isEqualTo(401); // RFC 6750 §3.1 invalid_token

            // revoking the refresh token revokes the grant and its access tokens (RFC 7009 §2.1), so the
            // first access token stops working too, and refreshing fails
            assertThat(apiStatus(browser, demo, access)).isEqualTo(200);
            result = browser.submit(result.form("/demo-client/revoke", "value=\"refresh\""));
            assertThat(apiStatus(browser, demo, access)).isEqualTo(401);
            result = browser.submit(result.form("/demo-client/refresh", null));
            assertThat(lastStep(result.body())).contains("HTTP 400").contains("invalid_grant");
            result = browser.submit(result.form("/demo-client/reset", null));

            // 2. the public client with PKCE: already signed in, so only consent; refresh tokens rotate;
            //    a nonce goes out and must come back in the id_token (OIDC Core §3.1.2.1, §3.1.3.7 step 11)
            result = signIn(browser, demo, "demo-pkce", false);
            assertThat(result.body()).contains("code_challenge=").contains("code_challenge_method=S256")
                    .contains("code_verifier=");
            String nonce = sentNonce(result.body());
            verifiedIdToken(result, demo, "demo-pkce", nonce);
            assertThat(result.body()).contains("nonce is the one this client sent")
                    .contains("at_hash matches the access token");
            String pkceRefresh = Browser.elementText(result.body(), "refresh-token");
            result = browser.submit(result.form("/demo-client/refresh", null));
            assertThat(lastStep(result.body())).contains("The server rotated the refresh token");
            assertThat(Browser.elementText(result.body(), "refresh-token")).isNotEqualTo(pkceRefresh);
            // the refresh brings a new id_token for the same user, without a nonce (OIDC Core §12.2)
            assertThat(verifiedIdToken(result, demo, "demo-pkce", null)).doesNotContainKey("nonce");
            assertThat(result.body()).contains("a refresh brings no nonce");
            result = browser.submit(result.form("/demo-client/reset", null));

            // 3. the confidential client authenticates with HTTP Basic and gets JWT access tokens (RFC 9068)
            result = signIn(browser, demo, "demo-confidential", false);
            assertThat(result.body()).contains("Authorization: Basic ");
            verifiedIdToken(result, demo, "demo-confidential", sentNonce(result.body()));
            String jwtAccess = Browser.elementText(result.body(), "access-token");
            assertThat(apiStatus(browser, demo, jwtAccess)).isEqualTo(200);
            assertThat(Browser.elementText(result.body(), "access-token-jwt-verdict")).startsWith("✔ Checked");
            assertThat(json(Browser.elementText(result.body(), "access-token-jwt-header"))).containsEntry("typ", "at+jwt");
            assertThat(json(Browser.elementText(result.body(), "access-token-jwt-claims")))
                    .containsEntry("iss", demo.portal().issuer().toString())
                    .containsEntry("client_id", "demo-confidential").containsEntry("sub", "demo")
                    .containsEntry("scope", "email openid profile"); // the server lists scopes sorted
            assertThat(SignedJWT.parse(jwtAccess).getPayload().toJSONObject())
                    .isEqualTo(json(Browser.elementText(result.body(), "access-token-jwt-claims")));

            // introspection (RFC 7662), only offered to the confidential client: active, then inactive once revoked
            result = browser.submit(result.form("/demo-client/introspect", null));
            assertThat(lastStep(result.body())).contains("POST " + demo.origin() + "/api/oauth/introspect")
                    .contains("Authorization: Basic ").contains("token_type_hint=access_token").contains("HTTP 200")
                    .contains("&quot;active&quot;: true").contains("&quot;client_id&quot;: &quot;demo-confidential&quot;");
            result = browser.submit(result.form("/demo-client/revoke", "value=\"access\""));
            result = browser.submit(result.form("/demo-client/introspect", null));
            assertThat(lastStep(result.body())).contains("HTTP 200").contains("&quot;active&quot;: false")
                    .doesNotContain("client_id&quot;");
            result = browser.submit(result.form("/demo-client/reset", null));
            assertThat(browser.get(demo.origin().resolve("/demo-client/")).body())
                    .doesNotContain("/demo-client/introspect"); // the start page has no such button

            // 4. the same user through an app of its own asking fewer scopes: userinfo answers only what they
            //    release (OIDC Core §5.4), and nothing at all without openid (403 insufficient_scope, RFC 6750 §3.1)
            OAuthHttp oauth = new OAuthHttp();
            OAuthHttp.Tokens emailOnly = oauth.redeem(demo.origin(),
                    OAuthHttp.authorize(browser, demo.origin(), OAuthHttp.TestClient.PKCE, "openid email"));
            HttpResponse<String> me = userinfo(demo, emailOnly.access());
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(json(me.body())).containsOnlyKeys("sub", "email", "email_verified");
            OAuthHttp.Tokens profileOnly = oauth.redeem(demo.origin(),
                    OAuthHttp.authorize(browser, demo.origin(), OAuthHttp.TestClient.PKCE, "profile"));
            me = userinfo(demo, profileOnly.access());
            assertThat(me.statusCode()).isEqualTo(403);
            assertThat(me.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).contains("insufficient_scope"));
        }
    }

    /**
     * OpenID Connect Core §3.1.2.1 {@code prompt=login}: a user who is signed in is shown the login
     * form again (the adapter adds {@code reauth=1}), signs in anew (a new session id), and the flow
     * then completes with an id_token whose {@code auth_time} is this new login.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void promptLoginShowsTheLoginFormAgainToASignedInUser(String name, DemoMain.Starter starter) throws Exception {
        try (RunningDemo demo = starter.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
            Browser browser = new Browser();
            Browser.Page result = signIn(browser, demo, "demo-pkce", true);
            result = browser.submit(result.form("/demo-client/reset", null));
            String sessionBefore = sessionCookie(browser, demo);

            Browser.Page start = browser.get(demo.origin().resolve("/demo-client/"));
            assertThat(start.body()).contains("name=\"prompt\" value=\"login\"");
            Browser.Page login = browser.submit(start.form("/demo-client/start", "value=\"demo-pkce\"")
                    .with("prompt", "login"));
            assertThat(browser.hops).anySatisfy(hop -> assertThat(hop.getRawQuery()).contains("prompt=login"));
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.url().getPath()).isEqualTo("/login");
            assertThat(login.url().getRawQuery()).startsWith("return=").contains("reauth=1");
            assertThat(login.body()).contains("Signed in as <strong>Demo User</strong>") // still signed in ...
                    .contains("type=\"password\""); // ... and yet asked for the password again
            // the way back is the authorize request without prompt=login, so it cannot loop
            String returnUrl = java.net.URLDecoder.decode(login.url().getRawQuery().replaceFirst("^return=([^&]*).*$", "$1"),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(returnUrl).startsWith("/api/oauth/authorize?").doesNotContain("prompt=");

            long before = Instant.now().getEpochSecond();
            Browser.Page page = browser.submit(login.form("/login", "password")
                    .with("username", DemoPortal.DEMO_USERNAME).with("password", DemoPortal.DEMO_PASSWORD));
            if (page.url().getPath().equals("/api/oauth/authorize")) { // consent, if the portal asks again
                page = browser.submit(page.form("", ConsentView.APPROVE).with(ConsentView.DECISION_FIELD, ConsentView.APPROVE));
            }
            assertThat(page.url().getPath()).isEqualTo("/demo-client/");
            assertThat(sessionCookie(browser, demo)).isNotEqualTo(sessionBefore); // a new login, a new session id
            assertThat(page.body()).contains("prompt=login asks the portal to show its login form");
            Map<String, Object> claims = verifiedIdToken(page, demo, "demo-pkce", sentNonce(page.body()));
            assertThat(((Number) claims.get("auth_time")).longValue()).isGreaterThanOrEqualTo(before);
        }
    }

    /** From the demo client's start page to its result page, consenting on the way. */
    private static Browser.Page signIn(Browser browser, RunningDemo demo, String clientId, boolean loginExpected)
            throws Exception {
        Browser.Page start = browser.get(demo.origin().resolve("/demo-client/"));
        assertThat(start.status()).isEqualTo(200);
        Browser.Page page = browser.submit(start.form("/demo-client/start", "value=\"" + clientId + "\""));
        if (loginExpected) {
            assertThat(page.url().getPath()).isEqualTo("/login");
            assertThat(page.url().getRawQuery()).startsWith("return=");
            page = browser.submit(page.form("/login", "password")
                    .with("username", DemoPortal.DEMO_USERNAME).with("password", DemoPortal.DEMO_PASSWORD));
        }
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.url().getPath()).isEqualTo("/api/oauth/authorize");
        assertThat(page.body()).contains("is asking for access to your <bdi>NU.ID</bdi> account");
        Browser.Page result = browser.submit(page.form("", ConsentView.APPROVE)
                .with(ConsentView.DECISION_FIELD, ConsentView.APPROVE));
        assertThat(browser.hops).anySatisfy(hop -> assertThat(hop.getPath()).isEqualTo("/demo-client/callback"));
        assertThat(result.url().getPath()).isEqualTo("/demo-client/");
        assertThat(result.body()).contains("Back at the client&#39;s redirect URI with a code")
                .contains("iss names this server (RFC 9207)")
                .contains("Exchange the code for tokens")
                .contains("&quot;token_type&quot;: &quot;Bearer&quot;")
                .contains("Cache-Control: no-store");
        return result;
    }

    /**
     * Checks the result page's id_token card and returns the claims it shows: the page says it verified
     * the token, the claims it shows are the token's, and this test verifies the signature itself with the
     * portal's JWKS fetched over HTTP (independently of the demo client's Nimbus validator): {@code iss},
     * {@code aud}, {@code sub} and {@code nonce} as expected (OIDC Core §2, §3.1.3.7).
     */
    static Map<String, Object> verifiedIdToken(Browser.Page page, RunningDemo demo, String clientId, String nonce)
            throws Exception {
        String html = page.body();
        assertThat(Browser.elementText(html, "id-token-verdict")).as(html).startsWith("✔ Verified");
        Map<String, Object> shown = json(Browser.elementText(html, "id-token-claims"));
        assertThat(json(Browser.elementText(html, "id-token-header"))).containsEntry("alg", "RS256");
        SignedJWT jwt = SignedJWT.parse(Browser.elementText(html, "id-token"));
        assertThat(jwt.getPayload().toJSONObject()).isEqualTo(shown);
        String keys = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(demo.origin() + "/api/oauth/jwks"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        RSAKey key = JWKSet.parse(keys).getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(shown).containsEntry("iss", demo.portal().issuer().toString()).containsEntry("sub", "demo")
                .containsEntry("aud", clientId);
        if (nonce != null) {
            assertThat(shown).containsEntry("nonce", nonce);
        } else {
            assertThat(shown).doesNotContainKey("nonce");
        }
        return shown;
    }

    /** The parameters of the authorize request the demo client sent (step 1), values as sent. */
    static Map<String, String> authorizeRequest(String html, RunningDemo demo) {
        String prefix = "GET " + demo.origin() + "/api/oauth/authorize?";
        int start = html.indexOf(prefix);
        assertThat(start).as("the authorize request on the page").isNotNegative();
        String query = html.substring(start + prefix.length(), html.indexOf("</pre>", start)).replace("&amp;", "&");
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (String pair : query.split("&")) {
            parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return parameters;
    }

    /** The nonce of the authorize request the demo client sent (step 1). */
    static String sentNonce(String html) {
        Matcher m = Pattern.compile("(?:\\?|&amp;)nonce=([A-Za-z0-9_-]+)").matcher(html);
        assertThat(m.find()).as("a nonce in the authorize request").isTrue();
        return m.group(1);
    }

    static Map<String, Object> json(String text) throws Exception {
        assertThat(text).isNotNull();
        return JSONObjectUtils.parse(text);
    }

    private static HttpResponse<String> userinfo(RunningDemo demo, String accessToken) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(demo.origin() + "/api/oauth/userinfo"))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(Browser browser, RunningDemo demo) {
        return browser.cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("NUIDDEMO" + demo.origin().getPort()))
                .map(java.net.HttpCookie::getValue).findFirst().orElseThrow();
    }

    private static int apiStatus(Browser browser, RunningDemo demo, String token) throws Exception {
        HttpResponse<String> r = browser.bearer(demo.origin().resolve(ResourceServlet.PATH), token);
        return r.statusCode();
    }

    /** The newest step, which the page shows first. */
    private static String lastStep(String html) {
        int start = html.indexOf("<section id=\"step-");
        return html.substring(start, html.indexOf("</section>", start));
    }
}
