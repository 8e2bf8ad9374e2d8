package id.nu.oauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@link NuidOAuthTest}: a fresh server per test, the same one for the test and its {@code @BeforeEach}. */
@NuidOAuthTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionPerTestTest {

    private static OAuthTestServer fromFirstTest;
    private OAuthTestServer fromBeforeEach;

    @BeforeEach
    void registerClient(OAuthTestServer server) {
        fromBeforeEach = server;
        server.registerPublicClient("app");
    }

    @Test
    @Order(1)
    void first(OAuthTestServer server) {
        assertThat(server).isSameAs(fromBeforeEach);
        server.issueAccessToken("alice", "app");
        fromFirstTest = server;
    }

    @Test
    @Order(2)
    void secondGetsAnotherServer(OAuthTestServer server) {
        assertThat(fromFirstTest).isNotNull();
        assertThat(server).isNotSameAs(fromFirstTest).isSameAs(fromBeforeEach);
        assertThat(server.client("app")).isNotNull();
    }
}
