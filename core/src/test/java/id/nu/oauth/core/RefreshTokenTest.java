package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.OTHER;
import static id.nu.oauth.core.TokenFixtures.OTHER_SECRET;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.assertNotEchoed;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Refreshing (RFC 6749 §6) on both endpoints, with the same rules and errors on each
 * (nuid-api.md): rotation with reuse detection (RFC 9700 §4.14.2), keeping, scope narrowing,
 * idle and absolute lifetimes.
 */
class RefreshTokenTest {

    /** The two doors to the same refresh logic. */
    enum Door {
        TOKEN((s, r) -> s.token(r)),
        REFRESH_ACCESS_TOKEN((s, r) -> s.refreshAccessToken(r));

        final BiFunction<AuthorizationServer, EndpointRequest, EndpointResponse> call;

        Door(BiFunction<AuthorizationServer, EndpointRequest, EndpointResponse> call) {
            this.call = call;
        }
    }

    private final TokenFixtures f = TokenFixtures.create();

    private EndpointResponse refresh(Door door, String clientId, String refreshToken) {
        return door.call.apply(f.server, EndpointRequest.of(form("grant_type", "refresh_token",
                "refresh_token", refreshToken, "client_id", clientId)));
    }

    private EndpointResponse refresh(Door door, Map<String, String> form, String authorization) {
        return door.call.apply(f.server, EndpointRequest.of(form, authorization));
    }

    private EndpointResponse portalRefresh(Door door, String refreshToken) {
        return refresh(door, form("grant_type", "refresh_token", "refresh_token", refreshToken),
                basic(PORTAL, PORTAL_SECRET));
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void missingRefreshTokenIsInvalidRequest(Door door) { // RFC 6749 §5.2
        assertError(refresh(door, form("grant_type", "refresh_token", "client_id", LEGACY), null),
                400, "invalid_request");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void unknownRefreshTokenIsInvalidGrant(Door door) { // RFC 6749 §5.2
        EndpointResponse r = refresh(door, LEGACY, "no-such-refresh-token");
        assertError(r, 400, "invalid_grant");
        assertNotEchoed(r, "no-such-refresh-token");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rotateReturnsANewRefreshTokenAndReuseOfTheOldOneRevokesTheGrant(Door door) { // RFC 9700 §4.14.2
        TokenFixtures.Tokens first = f.mobileTokens();
        EndpointResponse r = refresh(door, MOBILE, first.refresh());
        TokenFixtures.Tokens second = TokenFixtures.tokens(r);
        assertThat(second.refresh()).isNotNull().isNotEqualTo(first.refresh());
        assertThat(TokenFixtures.active(f.server, second.access())).isTrue();

        EndpointResponse reuse = refresh(door, MOBILE, first.refresh());
        assertError(reuse, 400, "invalid_grant");
        assertNotEchoed(reuse, first.refresh());

        // The whole grant is gone: the new access token, the new refresh token, the first access token.
        assertThat(TokenFixtures.active(f.server, second.access())).isFalse();
        assertThat(TokenFixtures.active(f.server, first.access())).isFalse();
        assertError(refresh(door, MOBILE, second.refresh()), 400, "invalid_grant");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rotationChainKeepsWorkingWhileOnlyTheNewestTokenIsUsed(Door door) { // RFC 9700 §4.14.2
        String refresh = f.mobileTokens().refresh();
        for (int i = 0; i < 5; i++) {
            f.clock.advance(Duration.ofDays(1));
            TokenFixtures.Tokens next = TokenFixtures.tokens(refresh(door, MOBILE, refresh));
            assertThat(next.refresh()).isNotEqualTo(refresh);
            refresh = next.refresh();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void rotatingConfidentialClientAlsoDetectsReuse(Door door) { // RFC 9700 §4.14.2 applies to any rotating client
        TokenFixtures g = TokenFixtures.create(b -> b.client(TokenFixtures.portalWith(RefreshPolicy.ROTATE)));
        TokenFixtures.Tokens first = g.portalTokens();
        TokenFixtures.Tokens second = TokenFixtures.tokens(door.call.apply(g.server, EndpointRequest.of(
                form("grant_type", "refresh_token", "refresh_token", first.refresh()), basic(PORTAL, PORTAL_SECRET))));
        assertThat(second.refresh()).isNotNull();
        assertError(door.call.apply(g.server, EndpointRequest.of(form("grant_type", "refresh_token",
                "refresh_token", first.refresh()), basic(PORTAL, PORTAL_SECRET))), 400, "invalid_grant");
        assertThat(TokenFixtures.active(g.server, second.access())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void keepReturnsNoRefreshTokenAndTheSameOneWorksAgain(Door door) { // nuid-api.md: documented response
        TokenFixtures.Tokens t = f.portalTokens();
        EndpointResponse r1 = portalRefresh(door, t.refresh());
        assertThat(r1.status()).as(r1.body()).isEqualTo(200);
        assertThat(json(r1)).doesNotContainKey("refresh_token");
        EndpointResponse r2 = portalRefresh(door, t.refresh());
        assertThat(r2.status()).as(r2.body()).isEqualTo(200);
        assertThat(json(r2).get("access_token")).isNotEqualTo(json(r1).get("access_token"));
        // Earlier access tokens stay valid until they expire: refreshing does not revoke them.
        assertThat(TokenFixtures.active(f.server, t.access())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void scopeMayBeNarrowedButNotWidened(Door door) { // RFC 6749 §6
        TokenFixtures.Tokens t = f.portalTokens(); // profile email
        EndpointResponse narrow = refresh(door, form("grant_type", "refresh_token", "refresh_token", t.refresh(),
                "scope", "email"), basic(PORTAL, PORTAL_SECRET));
        assertThat(narrow.status()).as(narrow.body()).isEqualTo(200);
        assertThat(json(narrow).get("scope")).isEqualTo("email");
        AccessTokenValidation.Active a = (AccessTokenValidation.Active)
                f.server.validateAccessToken((String) json(narrow).get("access_token"));
        assertThat(a.scopes()).containsExactly("email");

        // Omitted scope means the original scope again, not the narrowed one (RFC 6749 §6).
        EndpointResponse again = portalRefresh(door, t.refresh());
        assertThat(((AccessTokenValidation.Active) f.server.validateAccessToken(
                (String) json(again).get("access_token"))).scopes()).containsExactlyInAnyOrder("profile", "email");

        EndpointResponse wide = refresh(door, form("grant_type", "refresh_token", "refresh_token", t.refresh(),
                "scope", "profile email admin"), basic(PORTAL, PORTAL_SECRET));
        assertError(wide, 400, "invalid_scope");
        EndpointResponse malformed = refresh(door, form("grant_type", "refresh_token", "refresh_token", t.refresh(),
                "scope", "profile  email"), basic(PORTAL, PORTAL_SECRET));
        assertError(malformed, 400, "invalid_scope");
        assertThat(portalRefresh(door, t.refresh()).status()).as("a refused widening leaves the grant").isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void narrowedRotationKeepsTheOriginalScopeOnTheNewRefreshToken(Door door) { // RFC 6749 §6
        TokenFixtures.PkceCode c = mobileCodeWithScope("profile email");
        TokenFixtures.Tokens t = TokenFixtures.tokens(f.token(form("grant_type", "authorization_code",
                "code", c.code(), "redirect_uri", TokenFixtures.MOBILE_REDIRECT, "client_id", MOBILE,
                "code_verifier", c.verifier())));
        TokenFixtures.Tokens narrowed = TokenFixtures.tokens(refresh(door, form("grant_type", "refresh_token",
                "refresh_token", t.refresh(), "client_id", MOBILE, "scope", "profile"), null));
        TokenFixtures.Tokens full = TokenFixtures.tokens(refresh(door, MOBILE, narrowed.refresh()));
        assertThat(((AccessTokenValidation.Active) f.server.validateAccessToken(full.access())).scopes())
                .containsExactlyInAnyOrder("profile", "email");
    }

    private TokenFixtures.PkceCode mobileCodeWithScope(String scope) {
        com.nimbusds.oauth2.sdk.pkce.CodeVerifier verifier = new com.nimbusds.oauth2.sdk.pkce.CodeVerifier();
        String challenge = com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
                com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256, verifier).getValue();
        String code = f.authorize(form("response_type", "code", "client_id", MOBILE,
                "redirect_uri", TokenFixtures.MOBILE_REDIRECT, "scope", scope,
                "code_challenge", challenge, "code_challenge_method", "S256"));
        return new TokenFixtures.PkceCode(code, verifier.getValue());
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void unusedPastTheIdleLifetimeIsInvalidGrant(Door door) { // 30 days idle by default
        TokenFixtures.Tokens kept = f.portalTokens();
        TokenFixtures.Tokens rotating = f.mobileTokens();
        f.clock.advance(Duration.ofDays(30).plusSeconds(1));
        assertError(portalRefresh(door, kept.refresh()), 400, "invalid_grant");
        assertError(refresh(door, MOBILE, rotating.refresh()), 400, "invalid_grant");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void useWithinTheIdleLifetimeExtendsIt(Door door) { // idle, not absolute: each use restarts 30 days
        TokenFixtures.Tokens kept = f.portalTokens();
        String rotating = f.mobileTokens().refresh();
        for (int i = 0; i < 3; i++) { // day 29, 58, 87: each gap alone is under 30 days
            f.clock.advance(Duration.ofDays(29));
            assertThat(portalRefresh(door, kept.refresh()).status()).isEqualTo(200);
            rotating = TokenFixtures.tokens(refresh(door, MOBILE, rotating)).refresh();
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void absoluteLifetimeEndsTheGrantHoweverOftenItIsUsed(Door door) { // 90 days absolute by default
        Instant start = f.clock.instant();
        TokenFixtures.Tokens kept = f.portalTokens();
        String rotating = f.mobileTokens().refresh();
        Instant end = start.plus(Duration.ofDays(90));
        // Refresh every 10 days up to day 80, then 5 minutes before the end.
        for (int day = 10; day <= 80; day += 10) {
            f.clock.advance(Duration.ofDays(10));
            assertThat(portalRefresh(door, kept.refresh()).status()).isEqualTo(200);
            rotating = TokenFixtures.tokens(refresh(door, MOBILE, rotating)).refresh();
        }
        f.clock.advance(Duration.ofDays(10).minusMinutes(5)); // 5 minutes before the absolute end
        EndpointResponse last = portalRefresh(door, kept.refresh());
        assertThat(last.status()).isEqualTo(200);
        // The access token never outlives the grant: 5 minutes, not 15.
        assertThat(((Number) json(last).get("expires_in")).longValue()).isEqualTo(300);
        String lastAccess = (String) json(last).get("access_token");
        assertThat(((AccessTokenValidation.Active) f.server.validateAccessToken(lastAccess)).expiresAt())
                .isEqualTo(end);
        TokenFixtures.Tokens lastRotated = TokenFixtures.tokens(refresh(door, MOBILE, rotating));
        assertThat(((AccessTokenValidation.Active) f.server.validateAccessToken(lastRotated.access())).expiresAt())
                .isEqualTo(end);

        f.clock.advance(Duration.ofMinutes(5));
        assertThat(TokenFixtures.active(f.server, lastAccess)).isFalse();
        assertError(portalRefresh(door, kept.refresh()), 400, "invalid_grant");
        assertError(refresh(door, MOBILE, lastRotated.refresh()), 400, "invalid_grant");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void refreshTokenOfAnotherClientIsInvalidGrant(Door door) { // RFC 6749 §6: bound to the client
        TokenFixtures.Tokens t = f.portalTokens();
        EndpointResponse r = refresh(door, form("grant_type", "refresh_token", "refresh_token", t.refresh()),
                basic(OTHER, OTHER_SECRET));
        assertError(r, 400, "invalid_grant");
        assertNotEchoed(r, t.refresh());
        TokenFixtures.Tokens legacy = f.legacyTokens();
        assertError(refresh(door, MOBILE, legacy.refresh()), 400, "invalid_grant");
        // The owner is not affected.
        assertThat(portalRefresh(door, t.refresh()).status()).isEqualTo(200);
        assertThat(refresh(door, LEGACY, legacy.refresh()).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void accessTokenPresentedAsRefreshTokenIsInvalidGrant(Door door) { // RFC 6749 §1.5: different tokens
        TokenFixtures.Tokens t = f.legacyTokens();
        assertError(refresh(door, LEGACY, t.access()), 400, "invalid_grant");
        TokenFixtures.Tokens m = f.mobileTokens();
        assertError(refresh(door, MOBILE, m.access()), 400, "invalid_grant");
        assertThat(TokenFixtures.active(f.server, m.access())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void revokedGrantIsInvalidGrant(Door door) { // RFC 7009 §2.1
        TokenFixtures.Tokens t = f.legacyTokens();
        assertThat(f.revoke(form("token", t.refresh())).status()).isEqualTo(200);
        assertError(refresh(door, LEGACY, t.refresh()), 400, "invalid_grant");
        TokenFixtures.Tokens m = f.mobileTokens();
        assertThat(f.revoke(form("token", m.refresh(), "token_type_hint", "refresh_token")).status()).isEqualTo(200);
        assertError(refresh(door, MOBILE, m.refresh()), 400, "invalid_grant");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void refreshResponseHasTheDocumentedFields(Door door) { // nuid-api.md: access_token, expires_in
        EndpointResponse r = refresh(door, LEGACY, f.legacyTokens().refresh());
        TokenFixtures.assertJsonNoStore(r);
        assertThat(json(r)).containsKeys("access_token", "expires_in", "token_type");
        assertThat(TokenFixtures.nimbusSuccess(r).getTokens().getBearerAccessToken()).isNotNull();
    }
}
