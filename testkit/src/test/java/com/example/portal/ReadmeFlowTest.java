package com.example.portal;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.testkit.NuidOAuthTest;
import id.nu.oauth.testkit.OAuthTestServer;
import id.nu.oauth.testkit.TestClient;
import id.nu.oauth.testkit.Tokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test the README quotes: a complete host flow, as a host's developer writes it. */
@NuidOAuthTest
class ReadmeFlowTest {

    @Test
    void aliceAuthorizesTheAppWhichKeepsAccessUntilRevoked(OAuthTestServer server) {
        TestClient app = server.registerPublicClient("mobile-app", "profile");
        Tokens tokens = server.as("alice").authorize(app).consent().exchange();   // login, consent, PKCE, code, token
        assertThat(server.activeToken(tokens.accessToken()).orElseThrow().subject()).isEqualTo("alice");

        server.advance(Duration.ofMinutes(16));                                    // past the access token's expiry
        assertThat(tokens.isActive()).isFalse();
        Tokens renewed = tokens.refresh();
        assertThat(renewed.isActive()).isTrue();

        renewed.revoke();
        assertThat(renewed.isActive()).isFalse();
        assertThat(renewed.tryRefresh().errorCode()).isEqualTo("invalid_grant");
    }
}
