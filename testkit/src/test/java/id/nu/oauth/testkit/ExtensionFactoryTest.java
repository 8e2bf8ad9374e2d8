package id.nu.oauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link NuidOAuthExtension#using}: servers built the test's way. */
class ExtensionFactoryTest {

    @RegisterExtension
    static NuidOAuthExtension oauth = NuidOAuthExtension.using(() -> OAuthTestServer.builder()
            .configure(engine -> engine.accessTokenLifetime(Duration.ofMinutes(1)))
            .build());

    @Test
    void serversComeFromTheFactory(OAuthTestServer server) {
        String bearer = server.issueAccessToken("alice", "app");
        server.advance(Duration.ofSeconds(60));
        assertThat(server.isActive(bearer)).isFalse();
    }
}
