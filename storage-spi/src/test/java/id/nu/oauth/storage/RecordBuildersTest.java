package id.nu.oauth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The builders of the records with many parts build what the constructor would, with its checks. */
class RecordBuildersTest {

    private static final Instant T = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void anAuthorizationCodeBuiltPartByPartEqualsThePositionalOne() {
        AuthorizationCode built = AuthorizationCode.builder("hash", "grant").client("app").subject("user-42")
                .redirectUri("https://app.example/cb", true).scopes(Set.of("openid")).pkce("challenge", "S256")
                .nonce("n").authTime(T).issued(T, T.plusSeconds(60)).build();
        assertThat(built).isEqualTo(new AuthorizationCode("hash", "grant", "app", "user-42", "https://app.example/cb",
                true, Set.of("openid"), "challenge", "S256", "n", T, T, T.plusSeconds(60)));
        assertThatThrownBy(() -> AuthorizationCode.builder("hash", "grant").client("app").subject("u")
                .redirectUri("https://app.example/cb", false).pkce("challenge", null).authTime(T)
                .issued(T, T.plusSeconds(60)).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizationCode.builder("hash", "grant").build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTokenBuiltPartByPartEqualsThePositionalOne() {
        Token built = Token.builder("hash", TokenKind.REFRESH).grant("grant", "app", null).scopes(Set.of("profile"))
                .lifetime(T, T.plusSeconds(60), T.plusSeconds(120)).build();
        assertThat(built).isEqualTo(Token.active("hash", TokenKind.REFRESH, "grant", "app", null, Set.of("profile"),
                T, T.plusSeconds(60), T.plusSeconds(120)));
        assertThat(Token.builder("hash", TokenKind.ACCESS).grant("g", "app", "u").lifetime(T, T, T)
                .status(TokenStatus.REVOKED).build().status()).isEqualTo(TokenStatus.REVOKED);
        assertThatThrownBy(() -> Token.builder("hash", TokenKind.ACCESS).grant("g", "app", "u")
                .lifetime(T, T.plusSeconds(60), T).build()).isInstanceOf(IllegalArgumentException.class);
    }
}
