package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.JWT_CLIENT;
import static id.nu.oauth.core.OidcFixtures.MOBILE;
import static id.nu.oauth.core.OidcFixtures.RESOURCE;
import static id.nu.oauth.core.OidcFixtures.RESOURCE_SECRET;
import static id.nu.oauth.core.OidcFixtures.SERVICE;
import static id.nu.oauth.core.OidcFixtures.SUBJECT;
import static id.nu.oauth.core.OidcFixtures.WEB;
import static id.nu.oauth.core.OidcFixtures.WEB_SECRET;
import static id.nu.oauth.core.OidcFixtures.basic;
import static id.nu.oauth.core.OidcFixtures.form;
import static id.nu.oauth.core.OidcFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.client.SecretHash;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token introspection (RFC 7662). */
class IntrospectTest {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final OidcFixtures f = OidcFixtures.create();

    private static TokenIntrospectionSuccessResponse nimbus(EndpointResponse r) throws Exception {
        TokenIntrospectionResponse parsed = TokenIntrospectionResponse.parse(OidcFixtures.http(r));
        assertThat(parsed.indicatesSuccess()).as(r.body()).isTrue();
        return parsed.toSuccessResponse();
    }

    @Test
    void anActiveAccessTokenIsDescribed_rfc7662_2_2() throws Exception {
        String access = f.login(WEB, "openid profile", null).access();

        EndpointResponse r = f.introspect(access);
        TokenIntrospectionSuccessResponse answer = nimbus(r);

        assertThat(answer.isActive()).isTrue();
        assertThat(answer.getScope().toStringList()).containsExactly("openid", "profile");
        assertThat(answer.getClientID().getValue()).isEqualTo(WEB);
        assertThat(answer.getSubject().getValue()).isEqualTo(SUBJECT);
        assertThat(answer.getTokenType()).isEqualTo(AccessTokenType.BEARER);
        assertThat(answer.getIssueTime()).isEqualTo(Date.from(f.clock.instant()));
        assertThat(answer.getExpirationTime()).isEqualTo(Date.from(f.clock.instant().plus(Duration.ofMinutes(15))));
        assertThat(answer.getIssuer().getValue()).isEqualTo("https://nu.id/api");
        assertThat(answer.getAudience()).containsExactly(new Audience("https://nu.id/api"));
        assertThat(r.headers()).containsEntry("Cache-Control", "no-store").containsEntry("Pragma", "no-cache")
                .containsEntry("Content-Type", "application/json;charset=UTF-8");
    }

    @Test
    void anActiveRefreshTokenIsDescribedWithoutTokenType() throws Exception {
        String refresh = f.login(WEB, "openid", null).refresh();

        TokenIntrospectionSuccessResponse answer = nimbus(f.introspectAs(WEB, WEB_SECRET, refresh,
                "token_type_hint", "refresh_token"));

        assertThat(answer.isActive()).isTrue();
        assertThat(answer.getClientID().getValue()).isEqualTo(WEB);
        assertThat(answer.getTokenType()).isNull();
    }

    @Test
    void aWrongHintChangesNothing_rfc7662_2_1() throws Exception {
        OidcFixtures.Tokens tokens = f.login(WEB, "openid", null);

        assertThat(nimbus(f.introspect(tokens.access(), "token_type_hint", "refresh_token")).isActive()).isTrue();
        assertThat(nimbus(f.introspectAs(WEB, WEB_SECRET, tokens.refresh(), "token_type_hint", "access_token"))
                .isActive()).isTrue();
        assertThat(nimbus(f.introspect(tokens.access(), "token_type_hint", "made_up")).isActive()).isTrue();
    }

    @Test
    void anExpiredTokenIsInactiveAndNothingElse_rfc7662_2_2() {
        String access = f.login(WEB, "openid", null).access();
        f.clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(json(f.introspect(access))).containsEntry("active", true);

        f.clock.advance(Duration.ofSeconds(1));

        assertThat(json(f.introspect(access))).isEqualTo(INACTIVE);
    }

    @Test
    void revokedTokensAreInactive_rfc7662_2_2() {
        OidcFixtures.Tokens tokens = f.login(WEB, "openid", null);
        String jwt = f.login(JWT_CLIENT, "openid", null).access();
        f.server.revoke(EndpointRequest.of(form("token", tokens.refresh())));
        f.server.revoke(EndpointRequest.of(form("token", jwt)));

        assertThat(json(f.introspect(tokens.access()))).isEqualTo(INACTIVE);
        assertThat(json(f.introspectAs(WEB, WEB_SECRET, tokens.refresh()))).isEqualTo(INACTIVE);
        assertThat(json(f.introspect(jwt))).isEqualTo(INACTIVE);
    }

    @Test
    void aRotatedRefreshTokenIsInactive_rfc9700_4_14_2() {
        // a confidential client that rotates: only it may introspect its refresh tokens (RFC 7662 §4)
        OidcFixtures rotating = OidcFixtures.create(b -> b.client(Client.confidential(WEB, SecretHash.of(WEB_SECRET))
                .redirectUri(OidcFixtures.WEB_CB).scopes("openid").refreshPolicy(RefreshPolicy.ROTATE).build()));
        String old = rotating.login(WEB, "openid", null).refresh();
        String next = OidcFixtures.tokens(rotating.refresh(WEB, old)).refresh();

        assertThat(json(rotating.introspectAs(WEB, WEB_SECRET, old))).isEqualTo(INACTIVE);
        assertThat(json(rotating.introspectAs(WEB, WEB_SECRET, next))).containsEntry("active", true);
    }

    @Test
    void unknownAndMalformedTokensAreInactive() {
        for (String token : List.of("unknown", "a.b.c", "x".repeat(2000), "with space")) {
            EndpointResponse r = f.introspect(token);
            assertThat(r.status()).isEqualTo(200);
            assertThat(json(r)).isEqualTo(INACTIVE);
        }
    }

    @Test
    void aClientMayIntrospectItsOwnAccessAndRefreshTokens_rfc7662_4() throws Exception {
        OidcFixtures.Tokens tokens = f.login(WEB, "openid", null);

        EndpointResponse access = f.server.introspect(EndpointRequest.of(form("token", tokens.access(),
                "client_id", WEB, "client_secret", WEB_SECRET)));
        EndpointResponse refresh = f.introspectAs(WEB, WEB_SECRET, tokens.refresh());

        assertThat(nimbus(access).isActive()).isTrue();
        assertThat(nimbus(access).getClientID().getValue()).isEqualTo(WEB);
        assertThat(nimbus(refresh).isActive()).isTrue();
    }

    @Test
    void aResourceServerMayIntrospectOtherClientsAccessTokens_rfc7662_4() throws Exception {
        String mobileToken = f.login(MOBILE, "openid", null).access();
        String jwt = f.login(JWT_CLIENT, "openid", null).access();

        assertThat(nimbus(f.introspect(mobileToken)).getClientID().getValue()).isEqualTo(MOBILE);
        assertThat(nimbus(f.introspect(jwt)).getClientID().getValue()).isEqualTo(JWT_CLIENT);
    }

    @Test
    void aResourceServerLearnsNothingOfOtherClientsRefreshTokens_rfc7662_4() {
        // a refresh token is between its client and the server; no resource server is ever shown one
        OidcFixtures.Tokens tokens = f.login(WEB, "openid", null);

        EndpointResponse r = f.introspect(tokens.refresh(), "token_type_hint", "refresh_token");

        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(INACTIVE);
        assertThat(r.body()).isEqualTo("{\"active\":false}");
    }

    @Test
    void anotherClientLearnsOnlyThatTheTokenIsInactive_rfc7662_4() {
        // not a resource server: other clients' tokens look exactly like unknown ones
        OidcFixtures.Tokens mobile = f.login(MOBILE, "openid", null);
        OidcFixtures.Tokens jwt = f.login(JWT_CLIENT, "openid", null);
        OidcFixtures.Tokens web = f.login(WEB, "openid", null);

        for (String token : List.of(mobile.access(), mobile.refresh(), jwt.access(), jwt.refresh(), f.serviceToken())) {
            EndpointResponse r = f.introspectAs(WEB, WEB_SECRET, token);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(f.introspectAs(WEB, WEB_SECRET, "unknown").body())
                    .isEqualTo("{\"active\":false}");
        }
        // WEB2 shares WEB's secret but is another client
        assertThat(json(f.introspectAs(OidcFixtures.WEB2, WEB_SECRET, web.access()))).isEqualTo(INACTIVE);
        assertThat(json(f.introspectAs(OidcFixtures.WEB2, WEB_SECRET, web.refresh()))).isEqualTo(INACTIVE);
    }

    @Test
    void clientCredentialsTokensNameTheClientAsSubject_rfc9068_5() throws Exception {
        TokenIntrospectionSuccessResponse answer = nimbus(f.introspect(f.serviceToken()));

        assertThat(answer.getSubject().getValue()).isEqualTo("client:" + SERVICE);
        assertThat(answer.getScope().toStringList()).containsExactly("reports.read");
    }

    @Test
    void publicClientsMayNotIntrospect_rfc7662_2_1() {
        String access = f.login(MOBILE, "openid", null).access();

        EndpointResponse r = f.server.introspect(EndpointRequest.of(form("token", access, "client_id", MOBILE)));

        assertThat(r.status()).isEqualTo(401);
        assertThat(json(r)).containsEntry("error", "invalid_client").doesNotContainKey("active");
        assertThat(r.headers().get("WWW-Authenticate")).startsWith("Basic realm=");
    }

    @Test
    void anonymousCallersAreRefused_rfc7662_2_1() {
        String access = f.login(WEB, "openid", null).access();

        EndpointResponse r = f.server.introspect(EndpointRequest.of(form("token", access)));

        assertThat(r.status()).isEqualTo(401);
        assertThat(json(r)).containsEntry("error", "invalid_client");
        assertThat(r.body()).doesNotContain(access).doesNotContain("active");
    }

    @Test
    void aWrongSecretIsInvalidClient_rfc7662_2_3() {
        String access = f.login(WEB, "openid", null).access();

        EndpointResponse basic = f.server.introspect(EndpointRequest.of(form("token", access),
                basic(RESOURCE, "wrong")));
        EndpointResponse post = f.server.introspect(EndpointRequest.of(form("token", access,
                "client_id", RESOURCE, "client_secret", "wrong")));

        assertThat(basic.status()).isEqualTo(401);
        assertThat(json(basic)).containsEntry("error", "invalid_client");
        assertThat(post.status()).isEqualTo(401); // RFC 6749 §5.2: invalid_client is 401 whatever the method
        assertThat(json(post)).containsEntry("error", "invalid_client");
    }

    @Test
    void clientSecretPostWorksToo() throws Exception {
        String access = f.login(WEB, "openid", null).access();

        EndpointResponse r = f.server.introspect(EndpointRequest.of(form("token", access,
                "client_id", RESOURCE, "client_secret", RESOURCE_SECRET)));

        assertThat(nimbus(r).isActive()).isTrue();
    }

    @Test
    void aMissingTokenIsInvalidRequest_rfc7662_2_1() {
        EndpointResponse r = f.server.introspect(EndpointRequest.of(Map.of(), basic(RESOURCE, RESOURCE_SECRET)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r)).containsEntry("error", "invalid_request");
    }

    @Test
    void aRepeatedTokenParameterIsInvalidRequest() {
        EndpointResponse r = f.server.introspect(new EndpointRequest(Map.of("token", List.of("a", "b")),
                basic(RESOURCE, RESOURCE_SECRET)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r)).containsEntry("error", "invalid_request");
    }
}
