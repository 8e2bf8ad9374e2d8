package id.nu.oauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Time moves only when the test moves it. */
class ClockTest {

    @Test
    void anAccessTokenExpiresAfterFifteenMinutes() {
        OAuthTestServer server = OAuthTestServer.create();
        String bearer = server.issueAccessToken("alice", "app");

        server.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(server.isActive(bearer)).isTrue();
        server.advance(Duration.ofSeconds(1));
        assertThat(server.isActive(bearer)).isFalse();
    }

    @Test
    void anExpiredAccessTokenIsRenewedWithTheRefreshToken() { // RFC 6749 §6
        OAuthTestServer server = OAuthTestServer.create();
        Tokens tokens = server.issueTokens("alice", "app");
        server.advance(Duration.ofMinutes(16));

        assertThat(tokens.isActive()).isFalse();
        Tokens renewed = tokens.refresh();
        assertThat(renewed.isActive()).isTrue();
        assertThat(server.activeToken(renewed.accessToken()).orElseThrow().expiresAt())
                .isEqualTo(server.now().plus(Duration.ofMinutes(15)));
    }

    @Test
    void aCodeOlderThanSixtySecondsIsInvalidGrant() { // RFC 6749 §4.1.2
        OAuthTestServer server = OAuthTestServer.create();
        TestClient app = server.registerPublicClient("app");
        IssuedCode code = server.as("alice").authorize(app).consent();

        server.advance(Duration.ofSeconds(60));
        assertThat(code.tryExchange().errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void theClockStartsWhereTheBuilderSaysAndTheEngineUsesIt() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        OAuthTestServer server = OAuthTestServer.builder().startingAt(start)
                .configure(engine -> engine.accessTokenLifetime(Duration.ofMinutes(5)))
                .build();
        Tokens tokens = server.issueTokens("alice", "app");

        assertThat(server.now()).isEqualTo(start);
        assertThat(server.clock().instant()).isEqualTo(start);
        assertThat(tokens.expiresIn()).isEqualTo(300);
        assertThat(server.activeToken(tokens.accessToken()).orElseThrow().expiresAt())
                .isEqualTo(Instant.parse("2030-01-01T00:05:00Z"));
    }

    @Test
    void timeDoesNotGoBack() {
        OAuthTestServer server = OAuthTestServer.create();
        assertThatThrownBy(() -> server.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
