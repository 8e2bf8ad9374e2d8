package id.nu.oauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.core.AccessTokenValidation;
import org.junit.jupiter.api.Test;

/** Tokens straight for the host's protected-API tests, through the real engine. */
class IssueTokensTest {

    private final OAuthTestServer server = OAuthTestServer.create();

    @Test
    void issuesThroughTheRealFlowAndRegistersAnUnknownClient() {
        String bearer = server.issueAccessToken("alice", "app", "profile", "email");

        AccessTokenValidation.Active active = server.activeToken(bearer).orElseThrow();
        assertThat(active.subject()).isEqualTo("alice");
        assertThat(active.clientId()).isEqualTo("app");
        assertThat(active.scopes()).containsExactlyInAnyOrder("profile", "email");
        assertThat(server.client("app").registration().allowedScopes()).containsExactlyInAnyOrder("profile", "email");
        // the engine's own store holds it: nothing was faked
        assertThat(server.engine().storage().clients().find("app")).isPresent();
        assertThat(server.engine().validateAccessToken(bearer)).isInstanceOf(AccessTokenValidation.Active.class);
    }

    @Test
    void usesAClientRegisteredBefore() {
        TestClient portal = server.registerConfidentialClient("portal", "profile", "email");
        Tokens tokens = server.issueTokens("bob", "portal", "email");
        assertThat(tokens.client()).isSameAs(portal);
        assertThat(tokens.scopes()).containsExactly("email");
    }

    @Test
    void aScopeTheClientMayNotHaveFailsLoudly() {
        server.registerPublicClient("app", "profile");
        assertThatThrownBy(() -> server.issueAccessToken("alice", "app", "admin"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("invalid_scope");
    }

    @Test
    void unknownTokensAreInactive() {
        assertThat(server.isActive("nope")).isFalse();
        assertThat(server.activeToken("")).isEmpty();
        assertThat(server.validate(null)).isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void clientsRegisteredElsewhereAreNotGuessed() {
        assertThatThrownBy(() -> server.client("ghost")).isInstanceOf(IllegalArgumentException.class);
    }
}
