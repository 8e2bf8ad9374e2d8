package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.SERVICE;
import static id.nu.oauth.core.TokenFixtures.SERVICE_SECRET;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthorizationServer#validateAccessToken}: the in-process check a host uses to protect its
 * own resources (the same answers RFC 7662 §2.2 would give: active with its attributes, or just
 * inactive).
 */
class ValidationOfAccessTokensTest {

    private final TokenFixtures f = TokenFixtures.create();

    private static boolean inactive(AccessTokenValidation v) {
        return v instanceof AccessTokenValidation.Inactive;
    }

    @Test
    void activeTokenReportsSubjectClientScopesExpiryAndGrant() { // RFC 7662 §2.2
        String code = f.authorize(form("response_type", "code", "client_id", TokenFixtures.LEGACY,
                "redirect_uri", TokenFixtures.LEGACY_REDIRECT, "scope", "email profile"));
        TokenFixtures.Tokens t = TokenFixtures.tokens(f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", TokenFixtures.LEGACY_REDIRECT, "client_id", TokenFixtures.LEGACY)));
        AccessTokenValidation v = f.server.validateAccessToken(t.access());
        assertThat(v).isInstanceOf(AccessTokenValidation.Active.class);
        AccessTokenValidation.Active a = (AccessTokenValidation.Active) v;
        assertThat(a.subject()).isEqualTo(TokenFixtures.SUBJECT);
        assertThat(a.clientId()).isEqualTo(TokenFixtures.LEGACY);
        assertThat(a.scopes()).containsExactlyInAnyOrder("email", "profile");
        assertThat(a.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(a.grantId()).isNotBlank().isNotEqualTo(t.access()).isNotEqualTo(code);
    }

    @Test
    void expiredTokenIsInactive() { // RFC 6749 §5.1 expires_in
        TokenFixtures.Tokens t = f.legacyTokens();
        f.clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(TokenFixtures.active(f.server, t.access())).isTrue();
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(inactive(f.server.validateAccessToken(t.access()))).isTrue();
    }

    @Test
    void revokedTokenIsInactive() { // RFC 7009 §2
        TokenFixtures.Tokens t = f.legacyTokens();
        f.revoke(form("token", t.access()));
        assertThat(inactive(f.server.validateAccessToken(t.access()))).isTrue();
        TokenFixtures.Tokens g = f.legacyTokens();
        f.revoke(form("token", g.refresh()));
        assertThat(inactive(f.server.validateAccessToken(g.access()))).as("revoked with its grant").isTrue();
    }

    @Test
    void refreshTokenIsNotAnAccessToken() { // RFC 6749 §1.5: refresh tokens never go to resource servers
        TokenFixtures.Tokens t = f.legacyTokens();
        assertThat(inactive(f.server.validateAccessToken(t.refresh()))).isTrue();
    }

    @Test
    void codeIsNotAnAccessToken() { // RFC 6749 §4.1.2
        String code = f.legacyCode();
        assertThat(inactive(f.server.validateAccessToken(code))).isTrue();
    }

    @Test
    void garbageNullEmptyAndOversizedAreInactive() { // never an exception for bad input
        assertThat(inactive(f.server.validateAccessToken(null))).isTrue();
        assertThat(inactive(f.server.validateAccessToken(""))).isTrue();
        assertThat(inactive(f.server.validateAccessToken("not-a-token"))).isTrue();
        assertThat(inactive(f.server.validateAccessToken("Bearer xyz"))).isTrue();
        assertThat(inactive(f.server.validateAccessToken("\u0000\ud800\u00e9"))).isTrue();
        assertThat(inactive(f.server.validateAccessToken("A".repeat(10_000_000)))).isTrue();
        TokenFixtures.Tokens t = f.legacyTokens();
        assertThat(inactive(f.server.validateAccessToken(t.access() + "x"))).isTrue();
        assertThat(inactive(f.server.validateAccessToken(t.access().substring(1)))).isTrue();
        assertThat(inactive(f.server.validateAccessToken(" " + t.access()))).isTrue();
    }

    @Test
    void tokensDifferingOnlyInNonAsciiCharactersAreNotConfused() { // hashing must not fold characters
        AtomicInteger n = new AtomicInteger();
        // A host-supplied generator outside the base64url alphabet: '?' must not match 'é'.
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(TokenFixtures.ISSUER)
                .tokenGenerator(() -> "tok?" + n.incrementAndGet() + "-padding-padding-padding")
                .client(id.nu.oauth.client.Client.confidential(SERVICE,
                        id.nu.oauth.client.SecretHash.of(SERVICE_SECRET))
                        .grantTypes(id.nu.oauth.client.GrantType.CLIENT_CREDENTIALS).build())
                .build();
        EndpointResponse r = server.token(EndpointRequest.of(form("grant_type", "client_credentials"),
                basic(SERVICE, SERVICE_SECRET)));
        String access = (String) TokenFixtures.json(r).get("access_token");
        assertThat(access).contains("?");
        assertThat(TokenFixtures.active(server, access)).isTrue();
        assertThat(TokenFixtures.active(server, access.replace('?', '\u00e9'))).isFalse();
        assertThat(TokenFixtures.active(server, access.replace("?", "\ud83d\ude00"))).isFalse();
        assertThat(TokenFixtures.active(server, access.replace('?', '\ud800'))).as("lone surrogate").isFalse();
        assertThat(TokenFixtures.active(server, access.replace('?', '\ufffd'))).isFalse();
    }
}
