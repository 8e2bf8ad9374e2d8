package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.SUBJECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's connected apps (issue 12 item 3): listed, revoked one by one (RFC 7009 §2.1) or all at once. */
class UserGrantsTest {

    private final TokenFixtures f = TokenFixtures.create();

    @Test
    void listsTheUsersLiveGrantsWithTheClientsNameScopesAndFirstAndLastUse() {
        Instant madeAt = f.clock.instant();
        TokenFixtures.Tokens mobile = f.mobileTokens();
        f.portalTokens();
        f.clock.advance(Duration.ofHours(2));
        f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", mobile.refresh(), "client_id", MOBILE));

        List<UserGrant> apps = f.server.userGrants(SUBJECT);

        assertThat(apps).extracting(UserGrant::clientId).containsExactlyInAnyOrder(MOBILE, PORTAL);
        UserGrant m = apps.stream().filter(g -> g.clientId().equals(MOBILE)).findFirst().orElseThrow();
        assertThat(m.clientName()).isEqualTo(MOBILE);
        assertThat(m.scopes()).containsExactly("profile");
        assertThat(m.firstUsed()).isEqualTo(madeAt);
        assertThat(m.lastUsed()).isEqualTo(f.clock.instant());
        UserGrant p = apps.stream().filter(g -> g.clientId().equals(PORTAL)).findFirst().orElseThrow();
        assertThat(p.lastUsed()).isEqualTo(madeAt);
        assertThat(f.server.userGrants("someone-else")).isEmpty();
    }

    @Test
    void pagesInAStableOrder() {
        for (int i = 0; i < 5; i++) {
            f.mobileTokens();
        }
        Page<UserGrant> first = f.server.userGrants(SUBJECT, null, 3);
        assertThat(first.items()).hasSize(3);
        Page<UserGrant> second = f.server.userGrants(SUBJECT, first.next(), 3);
        assertThat(second.items()).hasSize(2);
        assertThat(second.next()).isNull();
        assertThat(f.server.userGrants(SUBJECT)).extracting(UserGrant::grantId).containsExactlyElementsOf(
                java.util.stream.Stream.concat(first.items().stream(), second.items().stream())
                        .map(UserGrant::grantId).toList());
    }

    @Test
    void revokingOneGrantStopsItsTokensAndForgetsTheConsentButOnlyForItsOwner() { // RFC 7009 §2.1
        TokenFixtures.Tokens mobile = f.mobileTokens();
        TokenFixtures.Tokens portal = f.portalTokens();
        String grantId = f.server.userGrants(SUBJECT).stream().filter(g -> g.clientId().equals(MOBILE))
                .findFirst().orElseThrow().grantId();

        assertThat(f.server.revokeUserGrant("someone-else", grantId)).as("not their grant").isFalse();
        assertThat(TokenFixtures.active(f.server, mobile.access())).isTrue();

        assertThat(f.server.revokeUserGrant(SUBJECT, grantId)).isTrue();
        assertThat(TokenFixtures.active(f.server, mobile.access())).isFalse();
        assertError(f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", mobile.refresh(),
                "client_id", MOBILE)), 400, "invalid_grant");
        assertThat(TokenFixtures.active(f.server, portal.access())).isTrue();
        assertThat(f.server.userGrants(SUBJECT)).extracting(UserGrant::clientId).containsExactly(PORTAL);
        assertThat(f.storage.consents().find(SUBJECT, MOBILE)).as("the app asks again").isEmpty();
        assertThat(f.server.revokeUserGrant(SUBJECT, "no-such-grant")).isFalse();
    }

    @Test
    void revokeAllForUserSignsTheUserOutOfEveryAppAndForgetsEveryConsent() {
        TokenFixtures.Tokens mobile = f.mobileTokens();
        TokenFixtures.Tokens portal = f.portalTokens();
        assertThat(f.storage.consents().find(SUBJECT, PORTAL)).isPresent();

        assertThat(f.server.revokeAllForUser(SUBJECT)).isEqualTo(2);

        assertThat(TokenFixtures.active(f.server, mobile.access())).isFalse();
        assertThat(TokenFixtures.active(f.server, portal.access())).isFalse();
        assertThat(f.server.userGrants(SUBJECT)).isEmpty();
        assertThat(f.storage.consents().find(SUBJECT, PORTAL)).isEmpty();
        AuthorizeResult again = f.server.authorize(AuthorizeRequest.of(Params.singleValued(form(
                "response_type", "code", "client_id", PORTAL, "redirect_uri", TokenFixtures.PORTAL_REDIRECT)),
                new AuthenticatedUser(SUBJECT, f.clock.instant())));
        assertThat(again).isInstanceOf(AuthorizeResult.ConsentRequired.class);
        assertThatThrownBy(() -> f.server.revokeAllForUser(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
