package id.nu.oauth.jpms.it;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.micrometer.OAuthMetrics;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import id.nu.oauth.testkit.HttpTestServer;
import id.nu.oauth.testkit.IssuedCode;
import id.nu.oauth.testkit.OAuthTestServer;
import id.nu.oauth.testkit.TestClient;
import id.nu.oauth.testkit.Tokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The published modules at work on the module path: the engine, the JDBC store (its migrations read
 * from its own module), the meters, the test kit, and the servlet adapter on Jetty with its built-in
 * page texts (resource bundles read from a named module).
 */
class FlowsOnTheModulePathTest {

    @Test
    void clientCredentialsAndTheWholeCodeFlowInMemoryThroughTheTestKit() { // RFC 6749 §4.4, §4.1, §6; RFC 7009
        try (OAuthTestServer server = OAuthTestServer.create()) {
            TestClient service = server.registerConfidentialClient("reporting-service", "reports");
            Tokens machine = server.clientCredentials(service, "reports");
            assertThat(server.activeToken(machine.accessToken()).orElseThrow().subject())
                    .isEqualTo("client:reporting-service");
            assertThat(machine.refreshToken()).isNull(); // RFC 6749 §4.4.3: no refresh token

            TestClient app = server.registerPublicClient("mobile-app", "profile");
            Tokens tokens = server.as("alice").authorize(app).consent().exchange(); // PKCE S256, code, token
            assertThat(server.activeToken(tokens.accessToken()).orElseThrow().subject()).isEqualTo("alice");
            server.advance(Duration.ofMinutes(16));
            assertThat(tokens.isActive()).isFalse();
            Tokens renewed = tokens.refresh();
            assertThat(renewed.isActive()).isTrue();
            renewed.revoke();
            assertThat(renewed.tryRefresh().errorCode()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void theJdbcStoreAndTheMetersWorkFromTheirModules() {
        Storage storage = ModularPortal.h2Storage(); // runs the migrations read from id.nu.oauth.storage.jdbc
        assertThat(storage).isInstanceOf(JdbcStorage.class);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (OAuthTestServer server = OAuthTestServer.builder()
                .configure(engine -> ModularPortal.wire(engine, storage, registry)).build()) {
            TestClient service = server.registerConfidentialClient("reporting-service", "reports");
            assertThat(server.isActive(server.clientCredentials(service, "reports").accessToken())).isTrue();
            TestClient app = server.registerPublicClient("mobile-app", "profile");
            IssuedCode code = server.as("alice").authorize(app).consent();
            Tokens tokens = code.exchange();
            assertThat(server.activeToken(tokens.accessToken()).orElseThrow().subject()).isEqualTo("alice");
            // RFC 6749 §4.1.2: a replayed code is refused and revokes what it issued, through the SQL store
            assertThat(code.tryExchange().errorCode()).isEqualTo("invalid_grant");
            assertThat(tokens.isActive()).isFalse();
        }
        assertThat(registry.find(OAuthMetrics.EVENTS).counters()).isNotEmpty();
        assertThat(registry.find(OAuthMetrics.EVENTS).counters().stream().mapToDouble(c -> c.count()).sum())
                .isGreaterThan(0);
    }

    @Test
    void theServletAdapterServesItsPagesFromItsOwnModule() throws Exception {
        try (OAuthTestServer server = OAuthTestServer.create()) {
            TestClient app = server.registerPublicClient("mobile-app", "profile");
            HttpTestServer http = server.http().loginAs("alice");
            String query = "?response_type=code&client_id=mobile-app&scope=profile&state=s1"
                    + "&redirect_uri=" + app.redirectUri()
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGKSWW6hjM&code_challenge_method=S256";
            HttpClient client = HttpClient.newHttpClient();

            HttpResponse<String> consent = client.send(HttpRequest.newBuilder(URI.create(http.authorizeUri() + query))
                    .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(consent.statusCode()).isEqualTo(200);
            assertThat(consent.body()).contains("id=\"consent-title\"").contains("is asking for access to your");

            HttpResponse<String> indonesian = client.send(HttpRequest.newBuilder(URI.create(http.authorizeUri() + query))
                    .header("Accept-Language", "id").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(indonesian.body()).contains("meminta akses ke akun");

            // RFC 6749 §4.1.2.1: an unknown client is an error page, never a redirect, never a 5xx
            HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(
                    URI.create(http.authorizeUri() + query.replace("mobile-app", "nobody")))
                    .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("is not registered with this portal");
        }
    }
}
