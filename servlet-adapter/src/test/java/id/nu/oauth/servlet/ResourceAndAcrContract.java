package id.nu.oauth.servlet;

import static id.nu.oauth.servlet.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.ClaimRequirement;
import com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resource indicators (RFC 8707), the {@code claims} request parameter and {@code acr_values}
 * (OpenID Connect Core 1.0 §5.5, §3.1.2.1, §5.5.1.1) over HTTP, through the host's login page.
 * Nimbus builds every request and parses and verifies every answer.
 */
abstract class ResourceAndAcrContract {

    private static final AtomicInteger USERS = new AtomicInteger();

    private final TestContainer.Kind kind;
    private final String contextPath;
    ResourceAndAcrPortal portal;
    TestContainer container;

    ResourceAndAcrContract(TestContainer.Kind kind, String contextPath) {
        this.kind = kind;
        this.contextPath = contextPath;
    }

    @BeforeEach
    void start() throws Exception {
        container = kind.start(contextPath, origin -> {
            portal = new ResourceAndAcrPortal(URI.create(origin + contextPath + "/api"));
            return portal.mount();
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    // ---------------------------------------------------------------- RFC 8707

    @Test
    void aCodeForTwoResourcesThenATokenForOneOfThem_rfc8707_2_1_2_2() throws Exception {
        Browser b = loggedIn(newUser(), null);
        AuthorizationCode code = code(b, authenticationRequest("openid").resources(URI.create(ResourceAndAcrPortal.API),
                URI.create(ResourceAndAcrPortal.LEDGER)).build());

        HTTPResponse http = new TokenRequest.Builder(endpoint("/oauth/token"), app(),
                new AuthorizationCodeGrant(code, URI.create(ResourceAndAcrPortal.APP_REDIRECT)))
                .resources(URI.create(ResourceAndAcrPortal.LEDGER)).build().toHTTPRequest().send();
        assertThat(http.getStatusCode()).as(http.getBody()).isEqualTo(200);
        OIDCTokenResponse tokens = (OIDCTokenResponse) OIDCTokenResponseParser.parse(http).toSuccessResponse();

        // RFC 9068 §3 with Nimbus: the resource server for the ledger accepts it...
        String access = tokens.getOIDCTokens().getAccessToken().getValue();
        assertThat(verify(access, ResourceAndAcrPortal.LEDGER).getAudience()).containsExactly(ResourceAndAcrPortal.LEDGER);
        // ...and introspection says the same (RFC 7662 §2.2).
        TokenIntrospectionSuccessResponse answer = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                endpoint("/oauth/introspect"), basic(ResourceAndAcrPortal.RS, ResourceAndAcrPortal.RS_SECRET),
                tokens.getOIDCTokens().getAccessToken()).toHTTPRequest().send()).toSuccessResponse();
        assertThat(answer.getAudience()).containsExactly(new Audience(ResourceAndAcrPortal.LEDGER));

        // RFC 8707 §2.2: a refresh for the other granted resource gets a token for it alone
        HTTPResponse refreshed = new TokenRequest.Builder(endpoint("/oauth/token"), app(),
                new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken()))
                .resources(URI.create(ResourceAndAcrPortal.API)).build().toHTTPRequest().send();
        assertThat(refreshed.getStatusCode()).as(refreshed.getBody()).isEqualTo(200);
        String forApi = OIDCTokenResponseParser.parse(refreshed).toSuccessResponse().getTokens().getAccessToken()
                .getValue();
        assertThat(verify(forApi, ResourceAndAcrPortal.API).getAudience()).containsExactly(ResourceAndAcrPortal.API);
    }

    @Test
    void aResourceTheClientMayNotAskForIsInvalidTargetAtTheRedirectUri_rfc8707_2() throws Exception {
        Browser b = loggedIn(newUser(), null);
        State state = new State();
        AuthenticationRequest request = authenticationRequest("openid").state(state)
                .resources(URI.create("https://elsewhere.example.org/")).build();

        URI redirect = URI.create(location(b.getAbsolute(request.toURI())));

        AuthorizationErrorResponse error = AuthorizationResponse.parse(redirect).toErrorResponse();
        assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_target");
        assertThat(error.getState()).isEqualTo(state);
    }

    @Test
    void aRefreshAskingForAResourceNotGrantedIs400InvalidTarget_rfc8707_2_2() throws Exception {
        Browser b = loggedIn(newUser(), null);
        AuthorizationCode code = code(b, authenticationRequest("openid")
                .resources(URI.create(ResourceAndAcrPortal.API)).build());
        HTTPResponse http = new TokenRequest(endpoint("/oauth/token"), app(),
                new AuthorizationCodeGrant(code, URI.create(ResourceAndAcrPortal.APP_REDIRECT))).toHTTPRequest().send();
        OIDCTokenResponse tokens = (OIDCTokenResponse) OIDCTokenResponseParser.parse(http).toSuccessResponse();

        HTTPResponse refused = new TokenRequest.Builder(endpoint("/oauth/token"), app(),
                new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken()))
                .resources(URI.create(ResourceAndAcrPortal.LEDGER)).build().toHTTPRequest().send();

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(TokenErrorResponse.parse(refused).getErrorObject().getCode()).isEqualTo("invalid_target");
    }

    @Test
    void clientCredentialsWithAMalformedOrUnregisteredResourceIs400InvalidTarget_rfc8707_2() throws Exception {
        Browser b = new Browser(container);
        String auth = basic(ResourceAndAcrPortal.SERVICE, ResourceAndAcrPortal.SERVICE_SECRET).toHTTPAuthorizationHeader();
        for (String bad : List.of(ResourceAndAcrPortal.LEDGER, "https://api.example.or.id/#frag", "not-absolute")) {
            HttpResponse<String> r = b.postForm("/api/oauth/token", form("grant_type", "client_credentials",
                    "resource", bad), "Authorization", auth);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("\"error\":\"invalid_target\"");
        }
        HttpResponse<String> ok = b.postForm("/api/oauth/token", form("grant_type", "client_credentials",
                "resource", ResourceAndAcrPortal.API), "Authorization", auth);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void aBearerFilterForOneResourceRefusesATokenForAnother_rfc8707_1_rfc6750_3_1() throws Exception {
        Browser b = new Browser(container);
        String auth = basic(ResourceAndAcrPortal.SERVICE, ResourceAndAcrPortal.SERVICE_SECRET).toHTTPAuthorizationHeader();
        HttpResponse<String> issued = b.postForm("/api/oauth/token", form("grant_type", "client_credentials",
                "resource", ResourceAndAcrPortal.API), "Authorization", auth);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String forApi = com.nimbusds.oauth2.sdk.util.JSONObjectUtils.getString(
                com.nimbusds.oauth2.sdk.util.JSONObjectUtils.parse(issued.body()), "access_token");

        HttpResponse<String> atLedger = b.get("/ledger/accounts", "Authorization", "Bearer " + forApi);

        assertThat(atLedger.statusCode()).isEqualTo(401);
        com.nimbusds.oauth2.sdk.token.BearerTokenError error = com.nimbusds.oauth2.sdk.token.BearerTokenError.parse(
                atLedger.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertThat(error.getCode()).isEqualTo("invalid_token");

        // a user's token for the ledger passes
        Browser user = loggedIn(newUser(), null);
        AuthorizationCode code = code(user, authenticationRequest("openid")
                .resources(URI.create(ResourceAndAcrPortal.LEDGER)).build());
        HTTPResponse http = new TokenRequest(endpoint("/oauth/token"), app(),
                new AuthorizationCodeGrant(code, URI.create(ResourceAndAcrPortal.APP_REDIRECT))).toHTTPRequest().send();
        String forLedger = OIDCTokenResponseParser.parse(http).toSuccessResponse().getTokens().getAccessToken().getValue();
        HttpResponse<String> ok = b.get("/ledger/accounts", "Authorization", "Bearer " + forLedger);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).startsWith("ledger for acr-user-");
    }

    // ---------------------------------------------------------------- claims, acr

    @Test
    void anAcrNotMetStepsUpThroughTheLoginPageAndTheIdTokenSaysTheNewAcr_oidcCore_3_1_2_1() throws Exception {
        String user = newUser();
        Browser b = loggedIn(user, ResourceAndAcrPortal.PASSWORD);
        Nonce nonce = new Nonce();
        AuthenticationRequest request = authenticationRequest("openid").nonce(nonce)
                .acrValues(List.of(new ACR(ResourceAndAcrPortal.MFA))).build();

        URI login = b.resolve(location(b.getAbsolute(request.toURI())));
        Map<String, String> query = Browser.query(login);
        assertThat(login.getPath()).isEqualTo(contextPath + "/login");
        assertThat(query).containsEntry(OAuthEndpoints.REAUTH_PARAMETER, "1")
                .containsEntry(OAuthEndpoints.ACR_PARAMETER, ResourceAndAcrPortal.MFA);

        String back = location(b.postForm("/login", form("user", user, "acr", ResourceAndAcrPortal.MFA,
                "return", query.get("return"))));
        URI redirect = URI.create(location(b.getAbsolute(b.resolve(back))));
        AuthorizationCode code = AuthorizationResponse.parse(redirect).toSuccessResponse().getAuthorizationCode();

        IDTokenClaimsSet idToken = idToken(code, nonce);
        assertThat(idToken.getACR()).isEqualTo(new ACR(ResourceAndAcrPortal.MFA));
    }

    @Test
    void aRequestTooLongToHandToTheLoginPageIsA414PageNotA500_rfc9126_1() throws Exception {
        // The step-up hand-off carries the whole request encoded once more, and the acr_values again:
        // from a ~4 KB request a Location over Tomcat's 8 KiB response head (a 500 there, found by the
        // fuzzer). The answer is an error page that points at PAR, on every container.
        String user = newUser();
        Browser b = loggedIn(user, ResourceAndAcrPortal.PASSWORD);
        // each parameter within the engine's 2,048-character bound, the URL well within 8 KiB
        List<ACR> many = java.util.stream.IntStream.range(0, 90)
                .mapToObj(i -> new ACR("urn:nu:acr:level-" + i)).toList();
        AuthenticationRequest request = authenticationRequest("openid").acrValues(many)
                .state(new com.nimbusds.oauth2.sdk.id.State("s".repeat(2000))).build();
        assertThat(request.toURI().toString().length()).isBetween(4000, 6000);

        java.net.http.HttpResponse<String> r = b.getAbsolute(request.toURI());
        assertThat(r.statusCode()).as(r.headers().firstValue("Location").orElse("")).isEqualTo(414);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).contains("invalid_request").contains("RFC 9126");

        // a short request from the same user still steps up through the login page
        AuthenticationRequest shortOne = authenticationRequest("openid")
                .acrValues(List.of(new ACR(ResourceAndAcrPortal.MFA))).build();
        assertThat(b.resolve(location(b.getAbsolute(shortOne.toURI()))).getPath()).isEqualTo(contextPath + "/login");
    }

    @Test
    void anEssentialAcrTheStepUpDidNotMeetIsAnErrorRedirect_oidcCore_5_5_1_1() throws Exception {
        String user = newUser();
        Browser b = loggedIn(user, ResourceAndAcrPortal.PASSWORD);
        AuthenticationRequest request = authenticationRequest("openid").claims(new OIDCClaimsRequest()
                .withIDTokenClaimsRequest(new ClaimsSetRequest().add(new ClaimsSetRequest.Entry("acr")
                        .withClaimRequirement(ClaimRequirement.ESSENTIAL).withValue(ResourceAndAcrPortal.MFA))))
                .build();

        URI login = b.resolve(location(b.getAbsolute(request.toURI())));
        String back = location(b.postForm("/login", form("user", user, "acr", ResourceAndAcrPortal.PASSWORD,
                "return", Browser.query(login).get("return"))));
        URI redirect = URI.create(location(b.getAbsolute(b.resolve(back))));

        AuthorizationErrorResponse error = AuthorizationResponse.parse(redirect).toErrorResponse();
        assertThat(error.getErrorObject().getCode()).isEqualTo("unmet_authentication_requirements");
        assertThat(error.getState()).isEqualTo(request.getState());
    }

    @Test
    void theClaimsParameterPutsARequestedClaimIntoTheIdToken_oidcCore_5_5() throws Exception {
        String user = newUser();
        Browser b = loggedIn(user, null);
        Nonce nonce = new Nonce();
        AuthenticationRequest request = authenticationRequest("openid email").nonce(nonce)
                .claims(new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest().add("email"))).build();

        IDTokenClaimsSet idToken = idToken(code(b, request), nonce);

        assertThat(idToken.getStringClaim("email")).isEqualTo(user + "@nu.id");
    }

    @Test
    void aMalformedClaimsParameterIsAnInvalidRequestRedirect_oidcCore_5_5() throws Exception {
        Browser b = loggedIn(newUser(), null);
        State state = new State();
        AuthenticationRequest request = authenticationRequest("openid").state(state)
                .customParameter("claims", "{\"id_token\":").build();

        URI redirect = URI.create(location(b.getAbsolute(request.toURI())));

        AuthorizationErrorResponse error = AuthorizationResponse.parse(redirect).toErrorResponse();
        assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_request");
        assertThat(error.getState()).isEqualTo(state);
    }

    @Test
    void discoveryAdvertisesTheClaimsParameterAndTheAcrValues_oidcDiscovery_3() throws Exception {
        HttpResponse<String> r = new Browser(container).get("/api/.well-known/openid-configuration");
        assertThat(r.statusCode()).isEqualTo(200);

        OIDCProviderMetadata m = OIDCProviderMetadata.parse(r.body());
        assertThat(m.supportsClaimsParam()).isTrue();
        assertThat(m.getACRs()).containsExactly(new ACR(ResourceAndAcrPortal.PASSWORD), new ACR(ResourceAndAcrPortal.MFA));
    }

    // ---------------------------------------------------------------- helpers

    private static String newUser() {
        return "acr-user-" + USERS.incrementAndGet();
    }

    private Browser loggedIn(String user, String acr) {
        Browser b = new Browser(container);
        HttpResponse<String> r = acr == null ? b.postForm("/login", form("user", user))
                : b.postForm("/login", form("user", user, "acr", acr));
        assertThat(r.statusCode()).isEqualTo(204);
        return b;
    }

    private URI endpoint(String path) {
        return URI.create(portal.issuer + path);
    }

    private static ClientSecretBasic basic(String clientId, String secret) {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
    }

    private static ClientSecretBasic app() {
        return basic(ResourceAndAcrPortal.APP, ResourceAndAcrPortal.APP_SECRET);
    }

    private AuthenticationRequest.Builder authenticationRequest(String scope) {
        return new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope),
                new ClientID(ResourceAndAcrPortal.APP), URI.create(ResourceAndAcrPortal.APP_REDIRECT))
                .endpointURI(endpoint("/oauth/authorize")).state(new State());
    }

    private static String location(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(301, 303);
        return r.headers().firstValue("Location").orElseThrow();
    }

    private static AuthorizationCode code(Browser b, AuthenticationRequest request) throws Exception {
        URI location = URI.create(location(b.getAbsolute(request.toURI())));
        return AuthorizationResponse.parse(location).toSuccessResponse().getAuthorizationCode();
    }

    private IDTokenClaimsSet idToken(AuthorizationCode code, Nonce nonce) throws Exception {
        HTTPResponse http = new TokenRequest(endpoint("/oauth/token"), app(),
                new AuthorizationCodeGrant(code, URI.create(ResourceAndAcrPortal.APP_REDIRECT))).toHTTPRequest().send();
        assertThat(http.getStatusCode()).as(http.getBody()).isEqualTo(200);
        OIDCTokenResponse tokens = (OIDCTokenResponse) OIDCTokenResponseParser.parse(http).toSuccessResponse();
        IDTokenValidator validator = new IDTokenValidator(new Issuer(portal.issuer), new ClientID(ResourceAndAcrPortal.APP),
                JWSAlgorithm.RS256, JWKSet.parse(portal.server.jwks()));
        return validator.validate(tokens.getOIDCTokens().getIDToken(), nonce);
    }

    /** RFC 9068 §4 with Nimbus: signature, typ at+jwt, iss, and the audience this resource server expects. */
    private JWTClaimsSet verify(String token, String audience) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(JWKSet.parse(portal.server.jwks()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(portal.issuer.toString()).build(), Set.of("sub", "exp", "iat", "jti")));
        return processor.process(token, null);
    }
}
