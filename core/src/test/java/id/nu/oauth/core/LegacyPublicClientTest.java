package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.LEGACY_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Legacy public clients (the documented NU.ID flow: no secret, no PKCE, no rotation) keep their
 * behaviour, with refresh lifetimes of their own, shorter than the others' (a refresh token that
 * does not rotate gives no reuse detection, RFC 9700 §4.14.2), and a registration warning that names
 * each guarantee they go without.
 */
class LegacyPublicClientTest {

    private final TokenFixtures f = TokenFixtures.create();

    private EndpointResponse refresh(TokenFixtures fixtures, String refreshToken) {
        return fixtures.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", LEGACY));
    }

    private static long expiresIn(EndpointResponse r) {
        return ((Number) json(r).get("expires_in")).longValue();
    }

    // ---- lifetimes (RFC 9700 §4.14.2: without rotation, expiry is the only limit)

    @ParameterizedTest(name = "{0}")
    @MethodSource("idleLifetimes")
    void aLegacyRefreshTokenUnusedForItsIdleLifetimeIsInvalidGrant_rfc9700_4_14_2(String which,
            Consumer<AuthorizationServer.Builder> lifetimes, Duration idle) {
        TokenFixtures g = TokenFixtures.create(lifetimes);
        String refresh = g.legacyTokens().refresh();
        g.clock.advance(idle.minusSeconds(1));
        assertThat(refresh(g, refresh).status()).isEqualTo(200); // used: the idle time starts again

        g.clock.advance(idle);

        assertError(refresh(g, refresh), 400, "invalid_grant");
    }

    static Stream<Arguments> idleLifetimes() {
        Consumer<AuthorizationServer.Builder> defaults = b -> { };
        Consumer<AuthorizationServer.Builder> configured = b -> b.legacyRefreshTokenIdleLifetime(Duration.ofDays(1));
        Consumer<AuthorizationServer.Builder> shorterGeneral = b -> b.refreshTokenIdleLifetime(Duration.ofDays(2));
        return Stream.of(Arguments.of("7 days by default", defaults, Duration.ofDays(7)),
                Arguments.of("as configured", configured, Duration.ofDays(1)),
                Arguments.of("never longer than a shorter general lifetime", shorterGeneral, Duration.ofDays(2)));
    }

    @Test
    void aLegacyGrantEndsAfterThirtyDaysHoweverOftenItIsUsed_rfc9700_4_14_2() {
        Instant start = f.clock.instant();
        String refresh = f.legacyTokens().refresh();
        for (int day = 6; day <= 24; day += 6) {
            f.clock.advance(Duration.ofDays(6));
            assertThat(refresh(f, refresh).status()).isEqualTo(200);
        }
        f.clock.advance(Duration.ofDays(6).minusMinutes(5)); // 5 minutes before day 30
        EndpointResponse last = refresh(f, refresh);
        assertThat(expiresIn(last)).isEqualTo(300); // the access token never outlives the grant
        assertThat(((AccessTokenValidation.Active) f.server.validateAccessToken((String) json(last).get("access_token")))
                .expiresAt()).isEqualTo(start.plus(Duration.ofDays(30)));

        f.clock.advance(Duration.ofMinutes(5));

        assertError(refresh(f, refresh), 400, "invalid_grant");
    }

    @Test
    void otherClientsKeepTheGeneralLifetimes() {
        TokenFixtures.Tokens portal = f.portalTokens();
        f.clock.advance(Duration.ofDays(29));
        EndpointResponse r = f.token(form("grant_type", "refresh_token", "refresh_token", portal.refresh()),
                TokenFixtures.basic(TokenFixtures.PORTAL, TokenFixtures.PORTAL_SECRET));
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void theLegacyAbsoluteLifetimeIsConfigurable() {
        TokenFixtures g = TokenFixtures.create(b -> b.legacyRefreshTokenAbsoluteLifetime(Duration.ofDays(3)));
        String refresh = g.legacyTokens().refresh();
        for (int day = 1; day < 3; day++) {
            g.clock.advance(Duration.ofDays(1));
            assertThat(refresh(g, refresh).status()).isEqualTo(200);
        }
        g.clock.advance(Duration.ofDays(1)); // used a day ago, but the three-day grant is over
        assertError(refresh(g, refresh), 400, "invalid_grant");
    }

    @Test
    void legacyLifetimesLongerThanTheOthersAreRefused() {
        AuthorizationServer.Builder idle = AuthorizationServer.builder().issuer(URI.create("https://nu.id/api"))
                .legacyRefreshTokenIdleLifetime(Duration.ofDays(31)).legacyRefreshTokenAbsoluteLifetime(Duration.ofDays(60));
        AuthorizationServer.Builder absolute = AuthorizationServer.builder().issuer(URI.create("https://nu.id/api"))
                .legacyRefreshTokenAbsoluteLifetime(Duration.ofDays(91));
        AuthorizationServer.Builder inverted = AuthorizationServer.builder().issuer(URI.create("https://nu.id/api"))
                .legacyRefreshTokenIdleLifetime(Duration.ofDays(10)).legacyRefreshTokenAbsoluteLifetime(Duration.ofDays(5));

        assertThatThrownBy(idle::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot exceed the others'");
        assertThatThrownBy(absolute::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot exceed the others'");
        assertThatThrownBy(inverted::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("the legacy refresh idle lifetime exceeds the legacy absolute lifetime");
    }

    @Test
    void theDocumentedBehaviourStays_noNewRefreshTokenOnRefresh() {
        TokenFixtures.Tokens t = f.legacyTokens();
        f.clock.advance(Duration.ofDays(1));

        EndpointResponse r = refresh(f, t.refresh());

        assertThat(json(r)).containsKey("access_token").doesNotContainKey("refresh_token");
        assertThat(refresh(f, t.refresh()).status()).isEqualTo(200); // the same token still works
    }

    // ---- the registration warning

    @Test
    void theWarningNamesEveryGuaranteeLost() {
        Client legacy = Client.legacyPublicClient("old-app").redirectUri(LEGACY_REDIRECT).build();

        String warning = LegacyClientWarning.of(legacy, RefreshLifetimes.of(Duration.ofDays(30), Duration.ofDays(90),
                null, null));

        assertThat(warning).isEqualTo("client old-app is a legacy public client for the documented NU.ID flow; it "
                + "has no PKCE, so an intercepted authorization code can be redeemed by whoever holds it "
                + "(RFC 7636 §1, RFC 9700 §2.1.1); no refresh-token rotation or reuse detection, so a stolen refresh "
                + "token works until it expires (RFC 9700 §4.14.2); no client authentication, so anyone who knows "
                + "its client_id can redeem its codes and use its refresh tokens (RFC 6749 §10.2). Its refresh "
                + "tokens live shorter to limit that: 7 days unused, 30 days at most (other clients: 30 days, "
                + "90 days). Migrate it to a public client with PKCE (Client.publicClient).");
    }

    @Test
    void theWarningNamesOnlyWhatIsReallyLost() {
        Client withPkce = Client.legacyPublicClient("half-old").redirectUri(LEGACY_REDIRECT).requirePkce(true)
                .refreshPolicy(RefreshPolicy.ROTATE).build();
        Client noRefresh = Client.legacyPublicClient("no-refresh").redirectUri(LEGACY_REDIRECT)
                .grantTypes(GrantType.AUTHORIZATION_CODE).build();
        RefreshLifetimes lifetimes = RefreshLifetimes.of(Duration.ofDays(30), Duration.ofDays(90),
                Duration.ofHours(12), null);

        assertThat(LegacyClientWarning.of(withPkce, lifetimes)).doesNotContain("PKCE,").doesNotContain("rotation")
                .contains("no client authentication").contains("12 hours unused, 30 days at most");
        assertThat(LegacyClientWarning.of(noRefresh, lifetimes)).contains("no PKCE").doesNotContain("refresh-token")
                .doesNotContain("live shorter");
    }

    @Test
    void buildLogsTheWarningForEachLegacyClient() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TokenFixtures.create();
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("WARN").contains("client " + LEGACY
                + " is a legacy public client for the documented NU.ID flow; it has no PKCE");
    }
}
