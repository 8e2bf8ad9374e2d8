package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.LEGACY_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.assertJsonNoStore;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The NU.ID document's four requests, exactly as written, for a client registered as a legacy
 * public client: no secret, no PKCE (nuid-api.md, "The documented flow sends no client secret and
 * no PKCE").
 */
class NuidDocumentedFlowTest {

    private final TokenFixtures f = TokenFixtures.create();

    @Test
    void documentedSequenceAuthorizeTokenRefreshRevoke() {
        // 1. GET /oauth/authorize: response_type, client_id, redirect_uri, state, scope (RFC 6749 §4.1.1).
        String code = f.authorize(form("response_type", "code", "client_id", LEGACY,
                "redirect_uri", LEGACY_REDIRECT, "state", "af0ifjsldkj", "scope", "profile"));

        // 2. POST /oauth/token: grant_type, code, redirect_uri, client_id — nothing else (RFC 6749 §4.1.3).
        EndpointResponse token = f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertJsonNoStore(token); // RFC 6749 §5.1: application/json, Cache-Control no-store, Pragma no-cache
        Map<String, Object> body = json(token);
        assertThat(body).containsKeys("access_token", "token_type", "expires_in", "refresh_token");
        assertThat(body.get("token_type")).isEqualTo("Bearer");
        assertThat(((Number) body.get("expires_in")).longValue()).isEqualTo(Duration.ofMinutes(15).toSeconds());
        String access = (String) body.get("access_token");
        String refresh = (String) body.get("refresh_token");
        AccessTokenResponse nimbus = TokenFixtures.nimbusSuccess(token); // an independent parser agrees
        assertThat(nimbus.getTokens().getBearerAccessToken().getValue()).isEqualTo(access);
        assertThat(nimbus.getTokens().getRefreshToken().getValue()).isEqualTo(refresh);

        AccessTokenValidation validation = f.server.validateAccessToken(access);
        assertThat(validation).isInstanceOf(AccessTokenValidation.Active.class);
        AccessTokenValidation.Active active = (AccessTokenValidation.Active) validation;
        assertThat(active.subject()).isEqualTo(TokenFixtures.SUBJECT);
        assertThat(active.clientId()).isEqualTo(LEGACY);
        assertThat(active.scopes()).containsExactly("profile");

        // 3. POST /oauth/refreshAccessToken: grant_type, refresh_token, client_id (RFC 6749 §6).
        f.clock.advance(Duration.ofMinutes(20)); // the access token has expired, as in the document
        assertThat(f.server.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Inactive.class);
        EndpointResponse renewed = f.refreshAccessToken(form("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", LEGACY));
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertJsonNoStore(renewed);
        Map<String, Object> renewedBody = json(renewed);
        assertThat(renewedBody).containsKeys("access_token", "expires_in");
        assertThat(renewedBody).doesNotContainKey("refresh_token"); // legacy clients keep their refresh token
        String newAccess = (String) renewedBody.get("access_token");
        assertThat(newAccess).isNotEqualTo(access);
        assertThat(((Number) renewedBody.get("expires_in")).longValue()).isPositive();
        assertThat(TokenFixtures.active(f.server, newAccess)).isTrue();

        // 4. POST /oauth/revoke: token only (RFC 7009 §2.1); 200 and no body (§2.2).
        EndpointResponse revoked = f.revoke(form("token", newAccess));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body()).isEmpty();
        assertThat(revoked.headers()).containsEntry("Cache-Control", "no-store");
        assertThat(f.server.validateAccessToken(newAccess)).isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void documentedRefreshTokenCanBeUsedAgainBecauseLegacyClientsKeepIt() {
        TokenFixtures.Tokens t = f.legacyTokens();
        for (int i = 0; i < 3; i++) {
            EndpointResponse r = f.refreshAccessToken(form("grant_type", "refresh_token",
                    "refresh_token", t.refresh(), "client_id", LEGACY));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void documentedTokenRequestWithoutSecretIsRefusedForAnOrdinaryPublicClient() {
        // Only a client registered as legacy may skip PKCE; an OAuth 2.1 public client cannot even get a code
        // without a challenge, and a code without a verifier is useless (RFC 7636 §4.4.1).
        AuthorizeResult r = f.server.authorize(AuthorizeRequest.of(Params.singleValued(form(
                "response_type", "code", "client_id", TokenFixtures.MOBILE,
                "redirect_uri", TokenFixtures.MOBILE_REDIRECT, "state", "s")),
                new AuthenticatedUser(TokenFixtures.SUBJECT, f.clock.instant()))
                .withConsent(ConsentDecision.APPROVED));
        assertThat(r).isInstanceOf(AuthorizeResult.Redirect.class);
        assertThat(((AuthorizeResult.Redirect) r).location().getQuery()).contains("error=invalid_request")
                .doesNotContain("code=");
    }
}
