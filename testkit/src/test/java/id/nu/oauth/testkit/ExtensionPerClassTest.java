package id.nu.oauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code @NuidOAuthTest(perClass = true)}: one server for {@code @BeforeAll} and every test. */
@NuidOAuthTest(perClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionPerClassTest {

    private static OAuthTestServer shared;
    private static String bearer;

    @BeforeAll
    static void registerOnce(OAuthTestServer server) {
        shared = server;
        server.registerPublicClient("app", "profile");
    }

    @Test
    @Order(1)
    void first(OAuthTestServer server) {
        assertThat(server).isSameAs(shared);
        bearer = server.issueAccessToken("alice", "app");
    }

    @Test
    @Order(2)
    void secondSeesWhatTheFirstDid(OAuthTestServer server) {
        assertThat(server).isSameAs(shared);
        assertThat(server.isActive(bearer)).isTrue();
    }
}
