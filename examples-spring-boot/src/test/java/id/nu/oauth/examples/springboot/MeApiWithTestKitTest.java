package id.nu.oauth.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.testkit.OAuthTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The portal's {@code /me} API tested the way a host's developer would, with the test kit: the
 * kit's engine replaces the starter's ({@code @TestBean}), tokens are issued in one call through the
 * real flow, and time moves without sleeping.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class MeApiWithTestKitTest {

    static final OAuthTestServer OAUTH = OAuthTestServer.create();

    @TestBean
    AuthorizationServer authorizationServer;

    static AuthorizationServer authorizationServer() {
        return OAUTH.engine();
    }

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void meAnswersForTheTokensUserUntilItExpires() throws Exception {
        String bearer = OAUTH.issueAccessToken("alice", "demo-app", "profile");

        HttpResponse<String> me = get("/me", bearer);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"sub\":\"alice\"");

        OAUTH.advance(Duration.ofMinutes(16));
        assertThat(get("/me", bearer).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutTheProfileScopeIsForbidden() throws Exception { // RFC 6750 §3.1 insufficient_scope
        String bearer = OAUTH.issueAccessToken("bob", "reports-app", "reports");
        HttpResponse<String> me = get("/me", bearer);
        assertThat(me.statusCode()).isEqualTo(403);
        assertThat(me.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
