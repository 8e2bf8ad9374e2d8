package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.LEGACY_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.SERVICE;
import static id.nu.oauth.core.TokenFixtures.SERVICE_SECRET;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.CodeStore;
import id.nu.oauth.storage.ConsentStore;
import id.nu.oauth.storage.GrantStore;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.TokenStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A store that fails (database down, constraint violated…) must become a 500 {@code server_error}
 * JSON answer (RFC 6749 §5.2), logged once, never an exception to the host and never a stack trace
 * in the body; and a failed write must leave nothing usable behind.
 */
class StorageFaultTest {

    private StorageFaultWrapper faulty;
    private final TokenFixtures f = TokenFixtures.create(b -> { }, s -> faulty = new StorageFaultWrapper(s));

    private static void assertServerError(EndpointResponse r) { // RFC 6749 §5.2 server_error via 500
        assertThat(r.status()).isEqualTo(500);
        assertThat(TokenFixtures.json(r)).containsEntry("error", "server_error");
        TokenFixtures.assertJsonNoStore(r);
        assertThat(r.body()).doesNotContain("Exception", "hunter2", "db.internal", "\tat ", "id.nu.oauth");
    }

    private Map<String, String> legacyCodeForm(String code) {
        return form("grant_type", "authorization_code", "code", code, "redirect_uri", LEGACY_REDIRECT,
                "client_id", LEGACY);
    }

    @Test
    void everyReadAndWriteFaultOnTheTokenEndpointIsServerError() {
        for (String op : List.of("clients.find", "codes.consume", "grants.createFromCode")) {
            String code = f.legacyCode();
            faulty.failing.add(op);
            assertServerError(f.token(legacyCodeForm(code)));
            faulty.failing.clear();
        }
    }

    @Test
    void faultsWhileRefreshingAreServerErrorOnBothEndpoints() {
        TokenFixtures.Tokens kept = f.legacyTokens();
        TokenFixtures.Tokens rotating = f.mobileTokens();
        for (String op : List.of("clients.find", "tokens.find", "tokens.renew", "tokens.rotate")) {
            faulty.failing.add(op);
            for (String[] who : new String[][] {{LEGACY, kept.refresh()}, {MOBILE, rotating.refresh()}}) {
                Map<String, String> form = form("grant_type", "refresh_token", "refresh_token", who[1],
                        "client_id", who[0]);
                if (op.equals("tokens.renew") && who[0].equals(MOBILE) || op.equals("tokens.rotate") && who[0].equals(LEGACY)) {
                    continue; // that client's refresh policy does not call this operation
                }
                EndpointResponse viaToken = f.token(form);
                EndpointResponse viaNuid = f.refreshAccessToken(form);
                assertThat(viaToken.status()).as(op + " " + who[0] + " " + viaToken.body()).isEqualTo(500);
                assertServerError(viaToken);
                assertServerError(viaNuid);
            }
            faulty.failing.clear();
        }
        // A failed rotation or renewal wrote nothing: the same refresh tokens still work, and only once
        // for the rotating one (no hidden rotation happened).
        assertThat(f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", kept.refresh(),
                "client_id", LEGACY)).status()).isEqualTo(200);
        TokenFixtures.Tokens next = TokenFixtures.tokens(f.refreshAccessToken(form("grant_type", "refresh_token",
                "refresh_token", rotating.refresh(), "client_id", MOBILE)));
        assertThat(TokenFixtures.active(f.server, next.access())).isTrue();
    }

    @Test
    void faultsWhileRevokingAreServerError() {
        TokenFixtures.Tokens t = f.legacyTokens();
        for (String op : List.of("tokens.find", "tokens.revoke")) {
            faulty.failing.add(op);
            assertServerError(f.revoke(form("token", t.access())));
            faulty.failing.clear();
        }
        faulty.failing.add("grants.revoke");
        assertServerError(f.revoke(form("token", t.refresh())));
        faulty.failing.add("clients.find");
        assertServerError(f.revoke(form("token", t.refresh(), "client_id", LEGACY)));
        faulty.failing.clear();
        assertThat(TokenFixtures.active(f.server, t.access())).as("nothing revoked by the failed calls").isTrue();
    }

    @Test
    void faultInCodeReplayRevocationIsServerError() { // RFC 6749 §4.1.2 path
        String code = f.legacyCode();
        TokenFixtures.tokens(f.token(legacyCodeForm(code)));
        faulty.failing.add("grants.revokeBeforeCreation");
        assertServerError(f.token(legacyCodeForm(code)));
    }

    @Test
    void faultInClientCredentialsIsServerError() {
        faulty.failing.add("grants.create");
        assertServerError(f.token(form("grant_type", "client_credentials"), basic(SERVICE, SERVICE_SECRET)));
        faulty.failing.clear();
        for (String value : f.generated) {
            assertThat(TokenFixtures.active(f.server, value)).isFalse();
        }
    }

    @Test
    void faultCreatingTheGrantLeavesNoUsableToken() { // nothing half-written
        String code = f.portalCode();
        int before = f.generated.size();
        faulty.failing.add("grants.createFromCode");
        assertServerError(f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", TokenFixtures.PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET)));
        faulty.failing.clear();

        List<String> madeDuringTheExchange = List.copyOf(f.generated.subList(before, f.generated.size()));
        assertThat(madeDuringTheExchange).as("an access and a refresh token were minted").hasSizeGreaterThanOrEqualTo(2);
        for (String value : madeDuringTheExchange) {
            assertThat(TokenFixtures.active(f.server, value)).isFalse();
            assertError(f.token(form("grant_type", "refresh_token", "refresh_token", value),
                    basic(PORTAL, PORTAL_SECRET)), 400, "invalid_grant");
        }
        // The code was consumed: trying again is refused rather than issuing a second set.
        assertError(f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", TokenFixtures.PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET)), 400, "invalid_grant");
    }

    @Test
    void validateAccessTokenReportsAStoreFaultToTheCaller() { // documented: the host answers 500 or 503
        TokenFixtures.Tokens t = f.legacyTokens();
        faulty.failing.add("tokens.find");
        assertThatThrownBy(() -> f.server.validateAccessToken(t.access())).isInstanceOf(RuntimeException.class);
        assertThat(f.server.validateAccessToken(null)).isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void aMockitoStoreThatAlwaysThrowsNeverEscapes() { // independent of the wrapper above
        org.mockito.stubbing.Answer<Object> fail = invocation -> {
            throw new IllegalStateException(StorageFaultWrapper.FAULT_MESSAGE);
        };
        Storage broken = org.mockito.Mockito.mock(Storage.class, fail);
        ClientStore clients = org.mockito.Mockito.mock(ClientStore.class, fail);
        CodeStore codes = org.mockito.Mockito.mock(CodeStore.class, fail);
        GrantStore grants = org.mockito.Mockito.mock(GrantStore.class, fail);
        TokenStore tokens = org.mockito.Mockito.mock(TokenStore.class, fail);
        ConsentStore consents = org.mockito.Mockito.mock(ConsentStore.class, fail);
        org.mockito.Mockito.doReturn(clients).when(broken).clients();
        org.mockito.Mockito.doReturn(codes).when(broken).codes();
        org.mockito.Mockito.doReturn(grants).when(broken).grants();
        org.mockito.Mockito.doReturn(tokens).when(broken).tokens();
        org.mockito.Mockito.doReturn(consents).when(broken).consents();
        org.mockito.Mockito.doReturn(org.mockito.Mockito.mock(id.nu.oauth.storage.SingleUseStore.class, fail))
                .when(broken).singleUse();
        org.mockito.Mockito.doReturn(org.mockito.Mockito.mock(id.nu.oauth.storage.PushedRequestStore.class, fail))
                .when(broken).pushedRequests();
        AuthorizationServer server = AuthorizationServer.builder().issuer(TokenFixtures.ISSUER).storage(broken).build();
        assertServerError(server.token(EndpointRequest.of(legacyCodeForm("c"))));
        assertServerError(server.refreshAccessToken(EndpointRequest.of(form("grant_type", "refresh_token",
                "refresh_token", "r", "client_id", LEGACY))));
        assertServerError(server.revoke(EndpointRequest.of(form("token", "t"))));
        assertServerError(server.token(EndpointRequest.of(form("grant_type", "client_credentials"),
                basic(SERVICE, SERVICE_SECRET))));
    }
}
