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
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * POST /oauth/revoke (RFC 7009) as the NU.ID document has it: {@code token} alone is enough; a
 * client that authenticates can revoke only its own tokens.
 */
class RevocationTest {

    private final TokenFixtures f = TokenFixtures.create();

    private static void assertRevokeOk(EndpointResponse r) { // RFC 7009 §2.2: 200, content ignored
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
    }

    private EndpointResponse portalRefresh(String refreshToken) {
        return f.token(form("grant_type", "refresh_token", "refresh_token", refreshToken),
                basic(PORTAL, PORTAL_SECRET));
    }

    @Test
    void tokenAloneRevokesAnAccessToken() { // RFC 7009 §2.1, nuid-api.md
        TokenFixtures.Tokens t = f.legacyTokens();
        assertRevokeOk(f.revoke(form("token", t.access())));
        assertThat(f.server.validateAccessToken(t.access())).isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void revokingTwiceIsStillOk() { // RFC 7009 §2.2: invalid tokens also get 200
        TokenFixtures.Tokens t = f.legacyTokens();
        assertRevokeOk(f.revoke(form("token", t.access())));
        assertRevokeOk(f.revoke(form("token", t.access())));
        assertRevokeOk(f.revoke(form("token", t.refresh())));
        assertRevokeOk(f.revoke(form("token", t.refresh())));
    }

    @Test
    void wrongOrUnknownTokenTypeHintStillRevokes() { // RFC 7009 §2.1: the hint only orders the lookup
        TokenFixtures.Tokens a = f.legacyTokens();
        assertRevokeOk(f.revoke(form("token", a.access(), "token_type_hint", "refresh_token")));
        assertThat(TokenFixtures.active(f.server, a.access())).isFalse();

        TokenFixtures.Tokens b = f.legacyTokens();
        assertRevokeOk(f.revoke(form("token", b.refresh(), "token_type_hint", "access_token")));
        assertError(f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", b.refresh(),
                "client_id", LEGACY)), 400, "invalid_grant");

        TokenFixtures.Tokens c = f.legacyTokens();
        assertRevokeOk(f.revoke(form("token", c.access(), "token_type_hint", "id_token_or_whatever")));
        assertThat(TokenFixtures.active(f.server, c.access())).isFalse();
    }

    @Test
    void unknownTokenIs200() { // RFC 7009 §2.2
        assertRevokeOk(f.revoke(form("token", "never-issued")));
        assertRevokeOk(f.revoke(form("token", "x".repeat(2048))));
    }

    @Test
    void missingTokenIsInvalidRequest() { // RFC 7009 §2.2.1, RFC 6749 §5.2
        assertError(f.revoke(form()), 400, "invalid_request");
        assertError(f.revoke(form("token_type_hint", "access_token")), 400, "invalid_request");
        assertError(f.revoke(form("token", "")), 400, "invalid_request");
        assertError(f.server.revoke(EndpointRequest.of(form(), basic(PORTAL, PORTAL_SECRET))),
                400, "invalid_request");
    }

    @Test
    void revokingTheRefreshTokenRevokesTheGrantsAccessTokens() { // RFC 7009 §2.1
        TokenFixtures.Tokens t = f.portalTokens();
        String laterAccess = (String) TokenFixtures.json(portalRefresh(t.refresh())).get("access_token");
        TokenFixtures.Tokens unrelated = f.portalTokens();

        assertRevokeOk(f.server.revoke(EndpointRequest.of(form("token", t.refresh()), basic(PORTAL, PORTAL_SECRET))));

        assertThat(TokenFixtures.active(f.server, t.access())).isFalse();
        assertThat(TokenFixtures.active(f.server, laterAccess)).isFalse();
        assertError(portalRefresh(t.refresh()), 400, "invalid_grant");
        assertThat(TokenFixtures.active(f.server, unrelated.access())).as("another grant").isTrue();
    }

    @Test
    void revokingARotatedRefreshTokenRevokesTheGrant() { // RFC 7009 §2.1 with RFC 9700 §4.14.2
        TokenFixtures.Tokens first = f.mobileTokens();
        TokenFixtures.Tokens second = TokenFixtures.tokens(f.token(form("grant_type", "refresh_token",
                "refresh_token", first.refresh(), "client_id", MOBILE)));
        assertRevokeOk(f.revoke(form("token", first.refresh())));
        assertThat(TokenFixtures.active(f.server, second.access())).isFalse();
    }

    @Test
    void revokingAnAccessTokenLeavesTheRefreshTokenWorking() { // RFC 7009 §2.1: MAY, we do not
        TokenFixtures.Tokens t = f.portalTokens();
        assertRevokeOk(f.revoke(form("token", t.access())));
        assertThat(TokenFixtures.active(f.server, t.access())).isFalse();
        EndpointResponse r = portalRefresh(t.refresh());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(TokenFixtures.active(f.server, (String) TokenFixtures.json(r).get("access_token"))).isTrue();
    }

    @Test
    void authenticatedClientCannotRevokeAnotherClientsToken() { // RFC 7009 §2.1: "issued to the client"
        TokenFixtures.Tokens t = f.portalTokens();
        for (String token : new String[] {t.access(), t.refresh()}) {
            EndpointResponse r = f.server.revoke(EndpointRequest.of(form("token", token), basic(OTHER, OTHER_SECRET)));
            assertError(r, 400, "unauthorized_client");
            assertNotEchoed(r, token, OTHER_SECRET);
        }
        EndpointResponse asPublic = f.revoke(form("token", t.access(), "client_id", LEGACY));
        assertError(asPublic, 400, "unauthorized_client");
        assertThat(TokenFixtures.active(f.server, t.access())).isTrue();
        assertThat(portalRefresh(t.refresh()).status()).isEqualTo(200);
    }

    @Test
    void authenticatedClientRevokesItsOwnToken() { // RFC 7009 §2.1
        TokenFixtures.Tokens t = f.portalTokens();
        Map<String, String> post = form("token", t.access(), "client_id", PORTAL, "client_secret", PORTAL_SECRET);
        assertRevokeOk(f.revoke(post));
        assertThat(TokenFixtures.active(f.server, t.access())).isFalse();
        TokenFixtures.Tokens m = f.mobileTokens();
        assertRevokeOk(f.revoke(form("token", m.access(), "client_id", MOBILE)));
        assertThat(TokenFixtures.active(f.server, m.access())).isFalse();
    }

    @Test
    void wrongCredentialsAreInvalidClient() { // RFC 7009 §2.2.1, RFC 6749 §5.2
        TokenFixtures.Tokens t = f.portalTokens();
        String wrong = OTHER_SECRET;
        EndpointResponse basic = f.server.revoke(EndpointRequest.of(form("token", t.access()), basic(PORTAL, wrong)));
        assertError(basic, 401, "invalid_client");
        assertThat(basic.headers()).containsKey("WWW-Authenticate");
        assertNotEchoed(basic, t.access(), wrong);
        assertError(f.revoke(form("token", t.access(), "client_id", PORTAL, "client_secret", wrong)),
                401, "invalid_client");
        assertError(f.revoke(form("token", t.access(), "client_id", PORTAL)), 401, "invalid_client");
        assertError(f.revoke(form("token", t.access(), "client_id", "nobody")), 401, "invalid_client");
        assertThat(TokenFixtures.active(f.server, t.access())).as("nothing revoked by a failed call").isTrue();
    }
}
