package id.nu.oauth.core;

import static id.nu.oauth.core.AuthorizeFixtures.ALICE;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST_CB;
import static id.nu.oauth.core.AuthorizeFixtures.params;
import static id.nu.oauth.core.AuthorizeFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import id.nu.oauth.storage.contract.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * RFC 6749 §4.1.2: "The authorization code MUST expire shortly after it is issued"; nuid-oauth
 * defaults to 60 s. The clock is moved by hand, never slept on.
 */
class AuthorizeCodeLifetimeTest {

    private final MutableClock clock =
            new MutableClock(Instant.parse("2025-06-01T08:00:00Z"));

    private static AuthorizationSuccessResponse codeFor(AuthorizationServer server) {
        return success(server.authorize(AuthorizeRequest.of(params("response_type", "code", "client_id", FIRST,
                "redirect_uri", FIRST_CB, "state", "t"), ALICE)));
    }

    private static String redeemError(AuthorizationServer server, AuthorizationSuccessResponse ok) {
        TokenResponse token = AuthorizeFixtures.redeem(server, FIRST, ok, FIRST_CB, null);
        return token.indicatesSuccess() ? null : token.toErrorResponse().getErrorObject().getCode();
    }

    @Test
    void codeRedeemedWithinSixtySecondsWorks() { // RFC 6749 §4.1.2
        AuthorizationServer server = AuthorizeFixtures.server(clock);
        AuthorizationSuccessResponse ok = codeFor(server);
        clock.advance(Duration.ofSeconds(59));
        assertThat(redeemError(server, ok)).isNull();
    }

    @Test
    void codeRedeemedAtSixtySecondsIsInvalidGrant() { // RFC 6749 §4.1.2, §5.2
        AuthorizationServer server = AuthorizeFixtures.server(clock);
        AuthorizationSuccessResponse ok = codeFor(server);
        clock.advance(Duration.ofSeconds(60));
        assertThat(redeemError(server, ok)).isEqualTo("invalid_grant");
    }

    @Test
    void codeRedeemedLongAfterIsInvalidGrant() { // RFC 6749 §4.1.2, §5.2
        AuthorizationServer server = AuthorizeFixtures.server(clock);
        AuthorizationSuccessResponse ok = codeFor(server);
        clock.advance(Duration.ofHours(2));
        assertThat(redeemError(server, ok)).isEqualTo("invalid_grant");
    }

    @Test
    void configuredCodeLifetimeIsHonoured() {
        AuthorizationServer.Builder builder = AuthorizationServer.builder().issuer(AuthorizeFixtures.ISSUER)
                .clock(clock).codeLifetime(Duration.ofSeconds(10));
        AuthorizeFixtures.clients().forEach(builder::client);
        AuthorizationServer server = builder.build();
        AuthorizationSuccessResponse early = codeFor(server);
        AuthorizationSuccessResponse late = codeFor(server);
        clock.advance(Duration.ofSeconds(9));
        assertThat(redeemError(server, early)).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(redeemError(server, late)).isEqualTo("invalid_grant");
    }

    @Test
    void lifetimeCountsFromIssuanceNotFromTheLogin() { // the user may have logged in hours ago
        clock.advance(Duration.ofDays(3));
        AuthorizationServer server = AuthorizeFixtures.server(clock);
        AuthorizationSuccessResponse ok = codeFor(server);
        clock.advance(Duration.ofSeconds(30));
        assertThat(redeemError(server, ok)).isNull();
    }
}
