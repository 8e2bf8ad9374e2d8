package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.servlet.ConsentView;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo's "Connected apps" page (issue 12 item 3) on Jetty and Tomcat: linked from the home page
 * for a signed-in user, it lists the app the demo client connected, refuses a revoke POST without the
 * session's anti-CSRF token (403), and a real revoke stops the app's access token at once
 * (RFC 6750 §3.1: 401 invalid_token at the portal's API) and empties the list.
 */
class ConnectedAppsTest {

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("Jetty 12", (DemoMain.Starter) JettyDemo::start),
                Arguments.of("Tomcat 11", (DemoMain.Starter) TomcatDemo::start));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void aSignedInUserSeesTheConnectedAppAndRevokesIt(String name, DemoMain.Starter starter) throws Exception {
        try (RunningDemo demo = starter.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
            Browser browser = new Browser();
            URI apps = demo.origin().resolve(ConnectedAppsServlet.PATH);

            // not signed in: to the login page, coming back here
            Browser.Page anonymous = browser.getOnce(apps);
            assertThat(anonymous.status()).isEqualTo(302);
            assertThat(anonymous.header("Location")).contains("/login?return=%2Faccount%2Fapps");

            // the demo client signs in (login, consent) and gets tokens
            Browser.Page start = browser.get(demo.origin().resolve("/demo-client/"));
            Browser.Page page = browser.submit(start.form("/demo-client/start", "value=\"demo-legacy\""));
            page = browser.submit(page.form("/login", "password")
                    .with("username", DemoPortal.DEMO_USERNAME).with("password", DemoPortal.DEMO_PASSWORD));
            Browser.Page result = browser.submit(page.form("", ConsentView.APPROVE)
                    .with(ConsentView.DECISION_FIELD, ConsentView.APPROVE));
            String access = Browser.elementText(result.body(), "access-token");
            assertThat(access).isNotNull();
            URI api = demo.origin().resolve(ResourceServlet.PATH);
            assertThat(browser.bearer(api, access).statusCode()).isEqualTo(200);

            Browser.Page home = browser.get(demo.origin().resolve("/"));
            assertThat(home.body()).contains("id=\"connected-apps\" href=\"/account/apps\"");
            Browser.Page list = browser.get(apps);
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
            assertThat(list.body()).contains("<table id=\"apps\"").contains("profile");
            assertThat(list.body()).doesNotContain(access);

            // a revoke without the session's anti-CSRF token (a cross-site form) is refused
            Browser.Form revoke = list.form(ConnectedAppsServlet.PATH, "name=\"grant\"");
            Browser.Page forged = browser.postOnce(revoke.action(), Map.of("grant", revoke.fields().get("grant")));
            assertThat(forged.status()).isEqualTo(403);
            assertThat(browser.bearer(api, access).statusCode()).isEqualTo(200);

            Browser.Page after = browser.submit(revoke);
            assertThat(after.url().getPath()).isEqualTo(ConnectedAppsServlet.PATH);
            assertThat(after.body()).contains("id=\"notice\"").contains("id=\"no-apps\"");
            var refused = browser.bearer(api, access);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        }
    }
}
