package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.SERVICE;
import static id.nu.oauth.core.TokenFixtures.SERVICE_SECRET;
import static id.nu.oauth.core.TokenFixtures.TOKEN_URI;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client credentials grant (RFC 6749 §4.4) for confidential clients only. */
class ClientCredentialsTest {

    private static final String NO_DEFAULTS = "no-default-scopes";
    private static final String NO_DEFAULTS_SECRET = SecretHash.generateSecret();

    private final TokenFixtures f = TokenFixtures.create(b -> b
            .client(Client.confidential(NO_DEFAULTS, SecretHash.of(NO_DEFAULTS_SECRET))
                    .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("reports.read").defaultScopes().build()));

    private static ClientSecretBasic serviceBasic() {
        return new ClientSecretBasic(new ClientID(SERVICE), new Secret(SERVICE_SECRET));
    }

    @Test
    void confidentialClientGetsAnAccessTokenAndNoRefreshToken() { // RFC 6749 §4.4.3
        EndpointResponse r = f.server.token(TokenFixtures.request(new TokenRequest(TOKEN_URI, serviceBasic(),
                new ClientCredentialsGrant())));
        AccessTokenResponse ok = TokenFixtures.nimbusSuccess(r);
        assertThat(ok.getTokens().getRefreshToken()).isNull();
        assertThat(json(r)).doesNotContainKey("refresh_token");
        AccessTokenValidation.Active a = (AccessTokenValidation.Active)
                f.server.validateAccessToken(ok.getTokens().getAccessToken().getValue());
        // no user: the client acts for itself, named in the client namespace (RFC 9068 §5)
        assertThat(a.subject()).isEqualTo("client:" + SERVICE);
        assertThat(a.clientOnly()).isTrue();
        assertThat(a.clientId()).isEqualTo(SERVICE);
        assertThat(a.scopes()).containsExactly("reports.read"); // the default scopes
        assertThat(a.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(15)));
    }

    @Test
    void aClientsSubjectCannotCollideWithAUsers_rfc9068_5() {
        // a user whose id happens to be the service's client_id, and the service itself
        TokenFixtures.Tokens user = TokenFixtures.tokens(f.token(form("grant_type", "authorization_code",
                "code", f.authorize(form("response_type", "code", "client_id", TokenFixtures.PORTAL,
                        "redirect_uri", TokenFixtures.PORTAL_REDIRECT, "state", "s"),
                        new AuthenticatedUser(SERVICE, f.clock.instant())),
                "redirect_uri", TokenFixtures.PORTAL_REDIRECT),
                basic(TokenFixtures.PORTAL, TokenFixtures.PORTAL_SECRET)));
        String service = (String) json(f.token(form("grant_type", "client_credentials"),
                basic(SERVICE, SERVICE_SECRET))).get("access_token");

        AccessTokenValidation.Active forUser = (AccessTokenValidation.Active) f.server.validateAccessToken(user.access());
        AccessTokenValidation.Active forClient = (AccessTokenValidation.Active) f.server.validateAccessToken(service);

        assertThat(forUser.subject()).isEqualTo(SERVICE);
        assertThat(forUser.clientOnly()).isFalse();
        assertThat(forClient.subject()).isEqualTo("client:" + SERVICE).isNotEqualTo(forUser.subject());
        assertThat(forClient.clientOnly()).isTrue();
    }

    @Test
    void noUserSubjectIsInTheClientNamespace_rfc9068_5() {
        assertThatThrownBy(() -> new AuthenticatedUser("client:" + SERVICE, f.clock.instant()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a user's subject cannot start with \"client:\": that namespace names clients acting "
                        + "for themselves (RFC 9068 §5)");
        // other spellings are other subjects, and colons elsewhere are fine
        assertThat(new AuthenticatedUser("Client:x", f.clock.instant()).subject()).isEqualTo("Client:x");
        assertThat(new AuthenticatedUser("urn:nu:client:x", f.clock.instant()).subject()).isEqualTo("urn:nu:client:x");
    }

    @Test
    void clientSecretPostWorksToo() { // RFC 6749 §2.3.1
        EndpointResponse r = f.server.token(TokenFixtures.request(new TokenRequest(TOKEN_URI,
                new ClientSecretPost(new ClientID(SERVICE), new Secret(SERVICE_SECRET)), new ClientCredentialsGrant(),
                new Scope("reports.read", "reports.write"))));
        AccessTokenResponse ok = TokenFixtures.nimbusSuccess(r);
        assertThat(ok.getTokens().getBearerAccessToken().getScope().toStringList())
                .containsExactlyInAnyOrder("reports.read", "reports.write");
    }

    @Test
    void requestedScopeMustBeAllowed() { // RFC 6749 §4.4.2, §5.2 invalid_scope
        assertError(f.token(form("grant_type", "client_credentials", "scope", "reports.read admin"),
                basic(SERVICE, SERVICE_SECRET)), 400, "invalid_scope");
        assertError(f.token(form("grant_type", "client_credentials", "scope", "profile"),
                basic(SERVICE, SERVICE_SECRET)), 400, "invalid_scope");
        assertError(f.token(form("grant_type", "client_credentials", "scope", "reports.read\"x"),
                basic(SERVICE, SERVICE_SECRET)), 400, "invalid_scope");
        EndpointResponse narrower = f.token(form("grant_type", "client_credentials", "scope", "reports.write"),
                basic(SERVICE, SERVICE_SECRET));
        assertThat(json(narrower).get("scope")).isEqualTo("reports.write");
    }

    @Test
    void noDefaultScopesGivesATokenWithoutScope() { // RFC 6749 §5.1: scope omitted when there is none
        EndpointResponse r = f.token(form("grant_type", "client_credentials"), basic(NO_DEFAULTS, NO_DEFAULTS_SECRET));
        AccessTokenResponse ok = TokenFixtures.nimbusSuccess(r);
        assertThat(json(r)).doesNotContainKey("scope");
        assertThat(ok.getTokens().getAccessToken()).isNotNull();
    }

    @Test
    void clientCredentialsTokenCanBeRevoked() { // RFC 7009 §2.1
        String access = (String) json(f.token(form("grant_type", "client_credentials"),
                basic(SERVICE, SERVICE_SECRET))).get("access_token");
        assertThat(f.revoke(form("token", access)).status()).isEqualTo(200);
        assertThat(TokenFixtures.active(f.server, access)).isFalse();
    }

    @Test
    void clientCredentialsTokenExpires() { // RFC 6749 §4.4.3: expires_in
        String access = (String) json(f.token(form("grant_type", "client_credentials"),
                basic(SERVICE, SERVICE_SECRET))).get("access_token");
        f.clock.advance(Duration.ofMinutes(15));
        assertThat(TokenFixtures.active(f.server, access)).isFalse();
    }

    @Test
    void publicClientIsUnauthorizedClient() { // RFC 6749 §4.4: confidential clients only
        assertError(f.token(form("grant_type", "client_credentials", "client_id", TokenFixtures.MOBILE)),
                400, "unauthorized_client");
        assertError(f.token(form("grant_type", "client_credentials", "client_id", TokenFixtures.LEGACY)),
                400, "unauthorized_client");
    }

    @Test
    void wrongSecretIsInvalidClient() { // RFC 6749 §5.2
        assertError(f.token(form("grant_type", "client_credentials"), basic(SERVICE, NO_DEFAULTS_SECRET)),
                401, "invalid_client");
        assertError(f.token(form("grant_type", "client_credentials")), 401, "invalid_client");
    }
}
