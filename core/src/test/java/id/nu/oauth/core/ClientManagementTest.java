package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.TOKEN_URI;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static id.nu.oauth.core.TokenFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Client management (issue 12 item 4) over the public API: list in a stable order, disable (tokens
 * stop at once, as after revocation, RFC 7009 §2.2 / RFC 7662 §2.2 / RFC 6750 §3.1), delete, and a
 * secret rotated with a grace period in which both secrets authenticate (RFC 6749 §2.3.1).
 */
class ClientManagementTest {

    private static final String RS = "orders-api";
    private static final String RS_SECRET = SecretHash.generateSecret();

    private final TokenFixtures f = TokenFixtures.create(b -> b.client(Client.confidential(RS, SecretHash.of(RS_SECRET))
            .grantTypes(GrantType.CLIENT_CREDENTIALS).resourceServer(true).build()));

    private ClientManagement clients() {
        return f.server.clientManagement();
    }

    private Map<String, Object> introspect(String token) {
        var http = new TokenIntrospectionRequest(URI.create("https://nu.id/api/oauth/introspect"),
                new ClientSecretBasic(new ClientID(RS), new Secret(RS_SECRET)), new BearerAccessToken(token))
                .toHTTPRequest();
        EndpointResponse r;
        try {
            r = f.server.introspect(new EndpointRequest(http.getBodyAsFormParameters(), http.getAuthorization()));
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError(e);
        }
        assertThat(r.status()).isEqualTo(200);
        return json(r);
    }

    @Test
    void listPagesThroughEveryClientInAscendingOrderOfClientId() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Page<Client> page = clients().list(after, 2);
            page.items().forEach(c -> seen.add(c.clientId()));
            after = page.next();
            pages++;
        } while (after != null);
        assertThat(seen).containsExactly("batch-service", "legacy-app", "mobile-app", RS, "other-portal", PORTAL);
        assertThat(pages).isEqualTo(3);
        assertThat(clients().find(MOBILE)).isPresent();
        assertThatThrownBy(() -> clients().list(null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void disablingAClientStopsItsTokensAtOnceAndItsRequests() { // RFC 6750 §3.1, RFC 7662 §2.2
        TokenFixtures.Tokens tokens = f.mobileTokens();
        assertThat(introspect(tokens.access())).containsEntry("active", true);

        assertThat(clients().disable(MOBILE)).isTrue();

        assertThat(TokenFixtures.active(f.server, tokens.access())).isFalse();
        assertThat(introspect(tokens.access())).isEqualTo(Map.of("active", false));
        EndpointResponse refresh = f.server.token(EndpointRequest.of(form("grant_type", "refresh_token",
                "refresh_token", tokens.refresh(), "client_id", MOBILE)));
        assertError(refresh, 401, "invalid_client"); // RFC 6749 §5.2
        assertThat(json(refresh).get("error_description")).isEqualTo("the client is disabled");

        AuthorizeResult authorize = f.server.authorize(AuthorizeRequest.of(Params.singleValued(form(
                "response_type", "code", "client_id", MOBILE, "redirect_uri", MOBILE_REDIRECT, "state", "s",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256")),
                new AuthenticatedUser(TokenFixtures.SUBJECT, f.clock.instant())));
        assertThat(authorize).isInstanceOf(AuthorizeResult.ErrorPage.class); // never a redirect
        assertThat(((AuthorizeResult.ErrorPage) authorize).error().code()).isEqualTo("unauthorized_client");

        // enabled again: the tokens issued before are still live until the purge takes them
        assertThat(clients().enable(MOBILE)).isTrue();
        assertThat(TokenFixtures.active(f.server, tokens.access())).isTrue();
        f.server.clientManagement().disable(MOBILE);
        f.storage.purgeExpired(f.clock.instant(), 100);
        clients().enable(MOBILE);
        assertThat(TokenFixtures.active(f.server, tokens.access())).as("purged while disabled").isFalse();
    }

    @Test
    void aDisabledConfidentialClientFailsClientAuthenticationWithAClearError() { // RFC 6749 §5.2
        clients().disable(RS);
        EndpointResponse r = f.server.token(request(new TokenRequest(TOKEN_URI,
                new ClientSecretBasic(new ClientID(RS), new Secret(RS_SECRET)), new ClientCredentialsGrant())));
        assertError(r, 401, "invalid_client");
        assertThat(json(r).get("error_description")).isEqualTo("the client is disabled");
        assertThat(clients().disable("no-such-client")).isFalse();
    }

    @Test
    void deletingAClientRevokesItsTokensAndForgetsIt() {
        TokenFixtures.Tokens tokens = f.portalTokens();
        assertThat(clients().delete(PORTAL)).isTrue();
        assertThat(clients().find(PORTAL)).isEmpty();
        assertThat(TokenFixtures.active(f.server, tokens.access())).isFalse();
        assertError(f.token(form("grant_type", "refresh_token", "refresh_token", tokens.refresh()),
                basic(PORTAL, PORTAL_SECRET)), 401, "invalid_client");

        // registered again under the same id: the old grant stays revoked
        clients().save(TokenFixtures.portalWith(id.nu.oauth.client.RefreshPolicy.KEEP));
        assertThat(TokenFixtures.active(f.server, tokens.access())).isFalse();
        assertError(f.token(form("grant_type", "refresh_token", "refresh_token", tokens.refresh()),
                basic(PORTAL, PORTAL_SECRET)), 400, "invalid_grant");
        assertThat(clients().delete("no-such-client")).isFalse();
    }

    @Test
    void aRotatedSecretLeavesTheOldOneWorkingUntilTheGracePeriodEnds() { // RFC 6749 §2.3.1
        String fresh = clients().rotateSecret(RS, Duration.ofHours(1));
        assertThat(fresh).isNotEqualTo(RS_SECRET);

        assertThat(clientCredentials(RS_SECRET).status()).as("old secret in the grace period").isEqualTo(200);
        assertThat(clientCredentials(fresh).status()).as("new secret").isEqualTo(200);

        f.clock.advance(Duration.ofHours(1));
        assertError(clientCredentials(RS_SECRET), 401, "invalid_client");
        assertThat(clientCredentials(fresh).status()).isEqualTo(200);

        // a second rotation without grace: only the newest works
        String newest = clients().rotateSecret(RS, Duration.ZERO);
        assertError(clientCredentials(fresh), 401, "invalid_client");
        assertThat(clientCredentials(newest).status()).isEqualTo(200);

        assertThatThrownBy(() -> clients().rotateSecret(MOBILE, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clients().rotateSecret(RS, Duration.ofDays(31)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private EndpointResponse clientCredentials(String secret) {
        return f.server.token(request(new TokenRequest(TOKEN_URI,
                new ClientSecretBasic(new ClientID(RS), new Secret(secret)), new ClientCredentialsGrant())));
    }
}
