package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.servlet.ConsentView;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts the demo portal in each container on 127.0.0.1, port 0, and walks the demo client's flow
 * over real HTTP as a browser would: demo client → authorize → login → consent → callback (state and
 * iss checked) → token → refreshAccessToken → the protected API → revoke. The same portal setup in
 * Jetty 12 and Tomcat 11 shows the adapter is container-neutral.
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

            // 1. the legacy public client: exactly the documented NU.ID flow (login and consent on the way)
            Browser.Page result = signIn(browser, demo, "demo-legacy", true);
            assertThat(result.body()).contains("response_type=code&amp;client_id=demo-legacy")
                    .doesNotContain("code_challenge=");
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

            // 2. the public client with PKCE: already signed in, so only consent; refresh tokens rotate
            result = signIn(browser, demo, "demo-pkce", false);
            assertThat(result.body()).contains("code_challenge=").contains("code_challenge_method=S256")
                    .contains("code_verifier=");
            String pkceRefresh = Browser.elementText(result.body(), "refresh-token");
            result = browser.submit(result.form("/demo-client/refresh", null));
            assertThat(lastStep(result.body())).contains("The server rotated the refresh token");
            assertThat(Browser.elementText(result.body(), "refresh-token")).isNotEqualTo(pkceRefresh);
            result = browser.submit(result.form("/demo-client/reset", null));

            // 3. the confidential client authenticates with HTTP Basic
            result = signIn(browser, demo, "demo-confidential", false);
            assertThat(result.body()).contains("Authorization: Basic ");
            assertThat(apiStatus(browser, demo, Browser.elementText(result.body(), "access-token"))).isEqualTo(200);
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
        assertThat(page.body()).contains("is asking for access to your NU.ID account");
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
