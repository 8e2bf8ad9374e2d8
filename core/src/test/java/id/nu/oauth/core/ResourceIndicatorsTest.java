package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.basic;
import static id.nu.oauth.core.OidcFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.contract.MutableClock;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Resource indicators (RFC 8707): {@code resource} at the authorization endpoint (§2.1) and the
 * token endpoint (§2.2), {@code invalid_target}, and access tokens restricted to their audience in
 * JWTs (RFC 9068 §3), introspection (RFC 7662 §2.2) and the engine's own token checks. Requests are
 * built, and answers parsed and verified, with Nimbus.
 */
class ResourceIndicatorsTest {

    static final URI ISSUER = URI.create("https://nu.id/api");
    static final String API = "https://api.example.org/";
    static final String LEDGER = "https://ledger.example.org/";
    static final String UNREGISTERED = "https://elsewhere.example.org/";
    static final String JWT_APP = "jwt-app";
    static final String OPAQUE_APP = "opaque-app";
    static final String SERVICE = "service";
    static final String INTROSPECTOR = "resource-server";
    static final String SECRET = SecretHash.generateSecret();
    static final String CB = "https://app.example.org/cb";
    static final String SUBJECT = "alice-0001";

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final AuthorizationServer server = AuthorizationServer.builder()
            .issuer(ISSUER).clock(clock).signingKeys(OidcFixtures.keys(OidcFixtures.RSA, OidcFixtures.EC))
            .client(Client.confidential(JWT_APP, SecretHash.of(SECRET)).redirectUri(CB).scopes("openid", "profile")
                    .accessTokenFormat(AccessTokenFormat.JWT).resources(API, LEDGER).build())
            .client(Client.confidential(OPAQUE_APP, SecretHash.of(SECRET)).redirectUri(CB).scopes("openid")
                    .resources(API, LEDGER).build())
            .client(Client.confidential(SERVICE, SecretHash.of(SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                    .scopes("reports.read").accessTokenFormat(AccessTokenFormat.JWT).resources(API).build())
            .client(Client.confidential(INTROSPECTOR, SecretHash.of(SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                    .resourceServer(true).build())
            .build();

    // ------------------------------------------------------------------ authorization endpoint, §2.1

    @Test
    void anAuthorizationRequestWithSeveralResourcesGetsACode_rfc8707_2_1() throws Exception {
        AuthorizeResult result = authorize(JWT_APP, List.of(URI.create(API), URI.create(LEDGER)));

        assertThat(AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location()).indicatesSuccess())
                .isTrue();
    }

    @Test
    void aResourceTheClientMayNotAskForIsInvalidTargetAtTheRedirectUri_rfc8707_2() throws Exception {
        AuthorizationErrorResponse error = authorizeError(JWT_APP, List.of(URI.create(API), URI.create(UNREGISTERED)));

        assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_target");
        assertThat(error.getState()).isEqualTo(new State("s-1")); // RFC 6749 §4.1.2.1
    }

    @Test
    void aRelativeResourceOrOneWithAFragmentIsInvalidTarget_rfc8707_2() throws Exception {
        // §2: "its value MUST be an absolute URI ... MUST NOT include a fragment component"
        for (String bad : List.of("/api", "api.example.org", API + "#part")) {
            Map<String, List<String>> query = nimbusQuery(JWT_APP, List.of());
            query.put("resource", List.of(bad));
            AuthorizeResult result = server.authorize(AuthorizeRequest.of(query, user())
                    .withConsent(ConsentDecision.APPROVED));
            AuthorizationResponse parsed = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location());
            assertThat(parsed.toErrorResponse().getErrorObject().getCode()).as(bad).isEqualTo("invalid_target");
        }
    }

    @Test
    void anEmptyResourceIsInvalidTarget_rfc8707_2() throws Exception {
        Map<String, List<String>> query = nimbusQuery(JWT_APP, List.of(URI.create(API)));
        query.put("resource", List.of(API, ""));
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(query, user()).withConsent(ConsentDecision.APPROVED));

        assertThat(AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location()).toErrorResponse()
                .getErrorObject().getCode()).isEqualTo("invalid_target");
    }

    @Test
    void resourceMayBeRepeatedButOtherParametersStillMayNot_rfc8707_2_rfc6749_3_1() throws Exception {
        Map<String, List<String>> query = nimbusQuery(JWT_APP, List.of(URI.create(API), URI.create(LEDGER)));
        query.put("scope", List.of("openid", "profile"));
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(query, user()).withConsent(ConsentDecision.APPROVED));

        assertThat(AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location()).toErrorResponse()
                .getErrorObject().getCode()).isEqualTo("invalid_request");
    }

    // ------------------------------------------------------------------ token endpoint, §2.2

    @Test
    void withoutResourceAtTheTokenEndpointTheJwtIsForEveryResourceAuthorized_rfc8707_2_2_rfc9068_3()
            throws Exception {
        String code = code(JWT_APP, List.of(URI.create(API), URI.create(LEDGER)));

        Map<String, Object> tokens = ok(exchange(JWT_APP, code, List.of()));

        assertThat(verify((String) tokens.get("access_token"), API).getAudience()).containsExactlyInAnyOrder(API, LEDGER);
    }

    @Test
    void aResourceAtTheTokenEndpointNarrowsTheAudienceToIt_rfc8707_2_2() throws Exception {
        String code = code(JWT_APP, List.of(URI.create(API), URI.create(LEDGER)));

        Map<String, Object> tokens = ok(exchange(JWT_APP, code, List.of(URI.create(LEDGER))));

        JWTClaimsSet claims = verify((String) tokens.get("access_token"), LEDGER);
        assertThat(claims.getAudience()).containsExactly(LEDGER);
    }

    @Test
    void aResourceNotAuthorizedAtTheTokenEndpointIsInvalidTarget_rfc8707_2_2() throws Exception {
        String code = code(JWT_APP, List.of(URI.create(API)));

        EndpointResponse r = exchange(JWT_APP, code, List.of(URI.create(LEDGER)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(TokenErrorResponse.parse(OidcFixtures.http(r)).getErrorObject().getCode()).isEqualTo("invalid_target");
    }

    @Test
    void aResourceAtTheTokenEndpointWithoutOneAtAuthorizeIsInvalidTarget_rfc8707_2_2() throws Exception {
        String code = code(JWT_APP, List.of());

        EndpointResponse r = exchange(JWT_APP, code, List.of(URI.create(API)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r)).containsEntry("error", "invalid_target");
    }

    @Test
    void aMalformedResourceAtTheTokenEndpointIsInvalidTarget_rfc8707_2() throws Exception {
        String code = code(JWT_APP, List.of(URI.create(API)));
        Map<String, List<String>> form = new java.util.LinkedHashMap<>(Map.of("grant_type", List.of("authorization_code"),
                "code", List.of(code), "redirect_uri", List.of(CB), "resource", List.of("https://api.example.org/#f")));

        EndpointResponse r = server.token(new EndpointRequest(form, basic(JWT_APP, SECRET)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r)).containsEntry("error", "invalid_target");
    }

    @Test
    void aRefreshWithOneResourceGetsATokenForThatResourceOnly_rfc8707_2_2() throws Exception {
        String code = code(JWT_APP, List.of(URI.create(API), URI.create(LEDGER)));
        Map<String, Object> first = ok(exchange(JWT_APP, code, List.of(URI.create(API))));
        String refresh = (String) first.get("refresh_token");

        // the refresh token keeps every resource of the grant, whatever the first access token got
        Map<String, Object> forLedger = ok(refresh(JWT_APP, refresh, List.of(URI.create(LEDGER))));
        assertThat(verify((String) forLedger.get("access_token"), LEDGER).getAudience()).containsExactly(LEDGER);

        String next = forLedger.get("refresh_token") != null ? (String) forLedger.get("refresh_token") : refresh;
        Map<String, Object> forBoth = ok(refresh(JWT_APP, next, List.of()));
        assertThat(verify((String) forBoth.get("access_token"), API).getAudience()).containsExactlyInAnyOrder(API, LEDGER);
    }

    @Test
    void aRefreshAskingForAResourceNotGrantedIsInvalidTargetAndKeepsTheRefreshToken_rfc8707_2_2() throws Exception {
        String code = code(JWT_APP, List.of(URI.create(API)));
        String refresh = (String) ok(exchange(JWT_APP, code, List.of())).get("refresh_token");

        EndpointResponse r = refresh(JWT_APP, refresh, List.of(URI.create(LEDGER)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(TokenErrorResponse.parse(OidcFixtures.http(r)).getErrorObject().getCode()).isEqualTo("invalid_target");
        // nothing was rotated: the refresh token still works
        assertThat(refresh(JWT_APP, refresh, List.of(URI.create(API))).status()).isEqualTo(200);
    }

    @Test
    void clientCredentialsWithAResourceGetsATokenForIt_rfc8707_2() throws Exception {
        TokenRequest request = new TokenRequest.Builder(URI.create(ISSUER + "/oauth/token"),
                new ClientSecretBasic(new ClientID(SERVICE), new Secret(SECRET)), new ClientCredentialsGrant())
                .resources(URI.create(API)).build();

        Map<String, Object> tokens = ok(send(request));

        assertThat(verify((String) tokens.get("access_token"), API).getAudience()).containsExactly(API);
    }

    @Test
    void clientCredentialsWithAResourceNotRegisteredIsInvalidTarget_rfc8707_2() throws Exception {
        TokenRequest request = new TokenRequest.Builder(URI.create(ISSUER + "/oauth/token"),
                new ClientSecretBasic(new ClientID(SERVICE), new Secret(SECRET)), new ClientCredentialsGrant())
                .resources(URI.create(LEDGER)).build();
        EndpointResponse r = send(request);
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r)).containsEntry("error", "invalid_target");
        // Nimbus will not even write a resource with a fragment (§2), so the form is written by hand
        for (String bad : List.of("urn:x#frag", "relative/path", "")) {
            Map<String, List<String>> form = Map.of("grant_type", List.of("client_credentials"),
                    "resource", List.of(API, bad));
            EndpointResponse refused = server.token(new EndpointRequest(form, basic(SERVICE, SECRET)));
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(json(refused)).containsEntry("error", "invalid_target");
        }
    }

    @Test
    void clientCredentialsWithoutResourceKeepsTheConfiguredAudience() throws Exception {
        TokenRequest request = new TokenRequest(URI.create(ISSUER + "/oauth/token"),
                new ClientSecretBasic(new ClientID(SERVICE), new Secret(SECRET)), new ClientCredentialsGrant());

        Map<String, Object> tokens = ok(send(request));

        assertThat(verify((String) tokens.get("access_token"), ISSUER.toString()).getAudience())
                .containsExactly(ISSUER.toString());
    }

    // ------------------------------------------------------------------ audience at resources

    @Test
    void introspectionNamesTheTokensResourcesAsItsAudience_rfc7662_2_2_rfc8707_2() throws Exception {
        String code = code(OPAQUE_APP, List.of(URI.create(API), URI.create(LEDGER)));
        String access = (String) ok(exchange(OPAQUE_APP, code, List.of(URI.create(LEDGER)))).get("access_token");

        EndpointResponse r = server.introspect(EndpointRequest.of(OidcFixtures.form("token", access),
                basic(INTROSPECTOR, SECRET)));

        TokenIntrospectionSuccessResponse answer = TokenIntrospectionResponse.parse(OidcFixtures.http(r))
                .toSuccessResponse();
        assertThat(answer.isActive()).isTrue();
        assertThat(answer.getAudience()).containsExactly(new Audience(LEDGER));
    }

    @Test
    void validateAccessTokenWithAResourceAcceptsOnlyTokensForIt_rfc8707_1() throws Exception {
        String code = code(OPAQUE_APP, List.of(URI.create(API), URI.create(LEDGER)));
        String access = (String) ok(exchange(OPAQUE_APP, code, List.of(URI.create(API)))).get("access_token");

        assertThat(server.validateAccessToken(access, API)).isInstanceOfSatisfying(AccessTokenValidation.Active.class,
                a -> assertThat(a.audience()).containsExactly(API));
        assertThat(server.validateAccessToken(access, LEDGER)).isInstanceOf(AccessTokenValidation.Inactive.class);
        assertThat(server.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Active.class);
    }

    @Test
    void aTokenAskedWithoutResourceIsForTheConfiguredAudienceOnly_rfc9068_3() throws Exception {
        String access = (String) ok(exchange(OPAQUE_APP, code(OPAQUE_APP, List.of()), List.of())).get("access_token");

        assertThat(server.validateAccessToken(access, ISSUER.toString())).isInstanceOf(AccessTokenValidation.Active.class);
        assertThat(server.validateAccessToken(access, API)).isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void protectedResourceRefusesATokenForAnotherResourceWithInvalidToken_rfc6750_3_1_rfc8707_1() throws Exception {
        String code = code(OPAQUE_APP, List.of(URI.create(LEDGER)));
        String access = (String) ok(exchange(OPAQUE_APP, code, List.of())).get("access_token");
        EndpointRequest call = EndpointRequest.builder("GET", "/api/accounts")
                .header("Authorization", "Bearer " + access).build();

        ResourceAccess atApi = server.protectedResource(call, Set.of(), API);
        ResourceAccess atLedger = server.protectedResource(call, Set.of(), LEDGER);

        assertThat(atApi).isInstanceOfSatisfying(ResourceAccess.Denied.class, d -> {
            assertThat(d.response().status()).isEqualTo(401);
            assertThat(d.response().headers().get("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        });
        assertThat(atLedger).isInstanceOfSatisfying(ResourceAccess.Granted.class,
                g -> assertThat(g.token().audience()).containsExactly(LEDGER));
    }

    // ------------------------------------------------------------------ helpers

    private AuthenticatedUser user() {
        return new AuthenticatedUser(SUBJECT, clock.instant().minusSeconds(60));
    }

    /** The authorization request as Nimbus writes it (resource repeated, RFC 8707 §2.1). */
    private static Map<String, List<String>> nimbusQuery(String clientId, List<URI> resources) {
        AuthorizationRequest.Builder builder = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(clientId))
                .redirectionURI(URI.create(CB)).scope(new Scope("openid")).state(new State("s-1"));
        if (!resources.isEmpty()) {
            builder.resources(resources.toArray(URI[]::new));
        }
        return new java.util.LinkedHashMap<>(builder.build().toParameters());
    }

    private AuthorizeResult authorize(String clientId, List<URI> resources) {
        return server.authorize(AuthorizeRequest.of(nimbusQuery(clientId, resources), user())
                .withConsent(ConsentDecision.APPROVED));
    }

    private AuthorizationErrorResponse authorizeError(String clientId, List<URI> resources) throws Exception {
        AuthorizeResult result = authorize(clientId, resources);
        assertThat(result).isInstanceOf(AuthorizeResult.Redirect.class);
        AuthorizationResponse parsed = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location());
        assertThat(parsed.indicatesSuccess()).isFalse();
        return parsed.toErrorResponse();
    }

    private String code(String clientId, List<URI> resources) {
        return OidcFixtures.codeFrom(authorize(clientId, resources));
    }

    private EndpointResponse exchange(String clientId, String code, List<URI> resources) {
        TokenRequest.Builder request = new TokenRequest.Builder(URI.create(ISSUER + "/oauth/token"),
                new ClientSecretBasic(new ClientID(clientId), new Secret(SECRET)),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(CB)));
        if (!resources.isEmpty()) {
            request.resources(resources.toArray(URI[]::new));
        }
        return send(request.build());
    }

    private EndpointResponse refresh(String clientId, String refresh, List<URI> resources) {
        TokenRequest.Builder request = new TokenRequest.Builder(URI.create(ISSUER + "/oauth/token"),
                new ClientSecretBasic(new ClientID(clientId), new Secret(SECRET)),
                new RefreshTokenGrant(new RefreshToken(refresh)));
        if (!resources.isEmpty()) {
            request.resources(resources.toArray(URI[]::new));
        }
        return send(request.build());
    }

    /** The Nimbus request's form body and Authorization header, as the engine's request value. */
    private EndpointResponse send(TokenRequest request) {
        var http = request.toHTTPRequest();
        return server.token(new EndpointRequest(URLUtils.parseParameters(http.getBody()),
                http.getAuthorization()));
    }

    private static Map<String, Object> ok(EndpointResponse r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** RFC 9068 §4 with Nimbus: signature, typ at+jwt, iss, and the audience this resource expects. */
    private JWTClaimsSet verify(String token, String expectedAudience) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(com.nimbusds.jose.jwk.JWKSet.parse(server.jwks()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(expectedAudience,
                new JWTClaimsSet.Builder().issuer(ISSUER.toString()).build(), Set.of("exp", "iat", "jti")));
        try {
            return processor.process(token, null);
        } catch (BadJOSEException e) {
            throw new AssertionError("the JWT is not for " + expectedAudience + ": " + e.getMessage(), e);
        }
    }
}
