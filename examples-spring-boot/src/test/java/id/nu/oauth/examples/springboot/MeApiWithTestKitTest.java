package id.nu.oauth.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.testkit.OAuthTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The portal's {@code /me} API tested the way a host's developer would, with the test kit: the
 * kit's engine replaces the portal's ({@code @TestBean}), tokens are issued in one call through the
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

    @Autowired
    TestRestTemplate rest;

    @Test
    void meAnswersForTheTokensUserUntilItExpires() {
        String bearer = OAUTH.issueAccessToken("alice", "demo-app", "profile");

        ResponseEntity<String> me = get("/me", bearer);
        assertThat(me.getStatusCode().value()).isEqualTo(200);
        assertThat(me.getBody()).contains("\"sub\":\"alice\"");

        OAUTH.advance(Duration.ofMinutes(16));
        assertThat(get("/me", bearer).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutTheProfileScopeIsForbidden() { // RFC 6750 §3.1 insufficient_scope
        String bearer = OAUTH.issueAccessToken("bob", "reports-app", "reports");
        ResponseEntity<String> me = get("/me", bearer);
        assertThat(me.getStatusCode().value()).isEqualTo(403);
        assertThat(me.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("insufficient_scope");
    }

    private ResponseEntity<String> get(String path, String bearer) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(bearer);
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }
}
