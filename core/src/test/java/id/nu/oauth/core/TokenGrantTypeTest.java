package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.LEGACY_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import org.junit.jupiter.api.Test;

/** The {@code grant_type} parameter at both POST endpoints (RFC 6749 §4.1.3, §5.2, §6). */
class TokenGrantTypeTest {

    private final TokenFixtures f = TokenFixtures.create(b -> b
            .client(Client.legacyPublicClient("code-only").redirectUri("https://code-only.example.or.id/cb")
                    .grantTypes(GrantType.AUTHORIZATION_CODE).scopes("profile").build()));

    @Test
    void missingGrantTypeIsInvalidRequest() { // RFC 6749 §5.2 invalid_request: a required parameter is missing
        String code = f.legacyCode();
        assertError(f.token(form("code", code, "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY)),
                400, "invalid_request");
        assertError(f.token(form("grant_type", "", "code", code, "redirect_uri", LEGACY_REDIRECT,
                "client_id", LEGACY)), 400, "invalid_request"); // RFC 6749 §3.1: empty means omitted
        assertError(f.refreshAccessToken(form("refresh_token", "x", "client_id", LEGACY)), 400, "invalid_request");
    }

    @Test
    void unknownGrantTypeIsUnsupportedGrantType() { // RFC 6749 §5.2
        assertError(f.token(form("grant_type", "password", "username", "u", "password", "p", "client_id", LEGACY)),
                400, "unsupported_grant_type");
        assertError(f.token(form("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "client_id", LEGACY)), 400, "unsupported_grant_type");
        assertError(f.token(form("grant_type", "Authorization_Code", "code", f.legacyCode(),
                "client_id", LEGACY)), 400, "unsupported_grant_type"); // values are case-sensitive (§3.1)
    }

    @Test
    void grantTypeNotAllowedForClientIsUnauthorizedClient() { // RFC 6749 §5.2 unauthorized_client
        assertError(f.token(form("grant_type", "client_credentials"), basic(PORTAL, PORTAL_SECRET)),
                400, "unauthorized_client");
        assertError(f.token(form("grant_type", "refresh_token", "refresh_token", "whatever",
                "client_id", "code-only")), 400, "unauthorized_client");
        assertError(f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", "whatever",
                "client_id", "code-only")), 400, "unauthorized_client");
        assertError(f.token(form("grant_type", "authorization_code", "code", "c"),
                basic(TokenFixtures.SERVICE, TokenFixtures.SERVICE_SECRET)), 400, "unauthorized_client");
    }

    @Test
    void codeOnlyClientGetsNoRefreshToken() { // RFC 6749 §5.1: refresh_token is optional
        String code = f.authorize(form("response_type", "code", "client_id", "code-only"));
        EndpointResponse r = f.token(form("grant_type", "authorization_code", "code", code,
                "client_id", "code-only"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(TokenFixtures.json(r)).containsKey("access_token").doesNotContainKey("refresh_token");
    }

    @Test
    void refreshEndpointRefusesAuthorizationCodeGrant() { // nuid-api.md: /oauth/refreshAccessToken is refresh only
        String code = f.legacyCode();
        assertError(f.refreshAccessToken(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY)), 400, "unsupported_grant_type");
        assertError(f.server.refreshAccessToken(EndpointRequest.of(form("grant_type", "client_credentials"),
                basic(TokenFixtures.SERVICE, TokenFixtures.SERVICE_SECRET))), 400, "unsupported_grant_type");
        // The refused attempt did not spend the code.
        assertThat(f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY)).status()).isEqualTo(200);
    }

    @Test
    void tokenEndpointAcceptsTheRefreshGrantToo() { // nuid-api.md: refresh on both endpoints
        TokenFixtures.Tokens t = f.legacyTokens();
        EndpointResponse r = f.token(form("grant_type", "refresh_token", "refresh_token", t.refresh(),
                "client_id", LEGACY));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
