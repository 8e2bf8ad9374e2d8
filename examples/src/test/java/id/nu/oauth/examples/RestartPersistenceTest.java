package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.examples.OAuthHttp.IssuedCode;
import id.nu.oauth.examples.OAuthHttp.TestClient;
import id.nu.oauth.examples.OAuthHttp.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --storage h2:<file>} and {@code --storage postgres:<url>}: the demo's OAuth state outlives
 * the demo. Each test starts a portal, runs the flow over HTTP, stops it, starts a new portal (in the
 * other container) on the same database, and checks that the tokens issued before the restart still
 * work at the protected API and the token endpoint, and that what was rotated or revoked before the
 * restart stays so.
 */
class RestartPersistenceTest {

    private static final String ISSUER = "http://127.0.0.1:8080/api";

    @Test
    void tokensSurviveARestartOnAnH2File_rfc6749_6(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve("nuid-demo");
        DemoOptions options = DemoOptions.parse(new String[] {"--port", "0", "--storage", "h2:" + file,
                "--issuer", ISSUER});
        assertThat(options.storage().kind()).isEqualTo(DemoStorage.Kind.H2);
        OAuthHttp http = new OAuthHttp();

        Tokens current;
        String rotatedAway;
        try (RunningDemo first = JettyDemo.start(options, DemoConfig.builtIn())) {
            assertThat(first.portal().banner()).contains("Storage:      H2 file " + file.toAbsolutePath() + ".mv.db")
                    .contains("Issuer:       " + ISSUER);
            Browser browser = OAuthHttp.signIn(first.origin(), DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD);
            IssuedCode code = OAuthHttp.authorize(browser, first.origin(), TestClient.PKCE);
            assertThat(code.iss()).isEqualTo(ISSUER); // RFC 9207: the configured issuer, not this node's port
            Tokens issued = http.redeem(first.origin(), code);
            assertThat(http.api(first.origin(), issued.access())).isEqualTo(200);
            // rotate once before the restart, so the database holds a ROTATED refresh token too
            current = OAuthHttp.tokens(http.refresh(first.origin(), TestClient.PKCE, issued.refresh()));
            rotatedAway = issued.refresh();
            assertThat(current.refresh()).isNotEqualTo(rotatedAway);
        }
        assertThat(Files.exists(dir.resolve("data").resolve("nuid-demo.mv.db"))).isTrue();

        try (RunningDemo second = TomcatDemo.start(options, DemoConfig.builtIn())) {
            URI node = second.origin();
            assertThat(http.api(node, current.access())).isEqualTo(200); // RFC 6750: still a valid bearer token
            Tokens next = OAuthHttp.tokens(http.refresh(node, TestClient.PKCE, current.refresh()));
            assertThat(next.refresh()).isNotEqualTo(current.refresh()); // still rotating
            assertThat(http.api(node, next.access())).isEqualTo(200);
            // RFC 9700 §4.14.2: the token rotated away before the restart is still known as reused,
            // and its reuse still revokes the whole grant
            assertThat(OAuthHttp.error(http.refresh(node, TestClient.PKCE, rotatedAway))).isEqualTo("invalid_grant");
            assertThat(http.api(node, next.access())).isEqualTo(401);
            assertThat(OAuthHttp.error(http.refresh(node, TestClient.PKCE, next.refresh()))).isEqualTo("invalid_grant");
        }
    }

    @Test
    void tokensSurviveARestartOnPostgresWithAConfigFile_rfc6749_6(@TempDir Path dir) throws Exception {
        String url = TestPostgres.newDatabase("restart_demo");
        DemoOptions options = DemoOptions.parse(new String[] {"--port", "0", "--config", "demo-config.json",
                "--storage", "postgres:" + url});
        OAuthHttp http = new OAuthHttp();
        TestClient app = TestClient.MY_PORTAL_APP; // confidential, first-party, refresh policy keep

        Tokens kept;
        Tokens revoked;
        try (RunningDemo first = TomcatDemo.start(options, DemoConfig.load(Path.of("demo-config.json")))) {
            assertThat(first.portal().banner()).contains("Storage:      PostgreSQL " + url);
            Browser browser = OAuthHttp.signIn(first.origin(), "siti", "change-this-password");
            kept = http.redeem(first.origin(), OAuthHttp.authorize(browser, first.origin(), app));
            revoked = http.redeem(first.origin(), OAuthHttp.authorize(browser, first.origin(), app));
            // RFC 7009 §2.1: revoking the refresh token revokes its grant, access token included
            assertThat(http.revoke(first.origin(), app, revoked.refresh()).statusCode()).isEqualTo(200);
            assertThat(http.api(first.origin(), revoked.access())).isEqualTo(401);
        }

        try (RunningDemo second = JettyDemo.start(options, DemoConfig.load(Path.of("demo-config.json")))) {
            URI node = second.origin();
            assertThat(http.api(node, kept.access())).isEqualTo(200);
            HttpResponse<String> refreshed = http.refresh(node, app, kept.refresh());
            Tokens after = OAuthHttp.tokens(refreshed);
            assertThat(after.refresh()).isNull(); // keep: no new refresh token, the old one stays
            assertThat(http.api(node, after.access())).isEqualTo(200);
            assertThat(OAuthHttp.tokens(http.refresh(node, app, kept.refresh())).access()).isNotBlank();
            // a revoked grant does not come back with the restart
            assertThat(http.api(node, revoked.access())).isEqualTo(401);
            assertThat(OAuthHttp.error(http.refresh(node, app, revoked.refresh()))).isEqualTo("invalid_grant");
        }
    }
}
