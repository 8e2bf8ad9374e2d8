package id.nu.oauth.servlet;

import static id.nu.oauth.servlet.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standards surface over HTTP (issue 5): OpenID Connect (id_tokens, userinfo, prompt and
 * max_age through the host's login page), RFC 9068 JWT access tokens and the JWK set (RFC 7517),
 * introspection (RFC 7662) and both metadata documents (RFC 8414, OpenID Connect Discovery 1.0).
 * Nimbus is the independent client, verifier and resource server throughout.
 *
 * <p>Each test gets a fresh container, because tests move the server's clock forward and Nimbus
 * checks token times against the real clock. The issuer is the container's real URL: origin +
 * context path + {@code /api}.
 */
abstract class OidcContract {

    private static final AtomicInteger USERS = new AtomicInteger();

    private final TestContainer.Kind kind;
    private final String contextPath;
    OidcPortal portal;
    TestContainer container;

    OidcContract(TestContainer.Kind kind, String contextPath) {
        this.kind = kind;
        this.contextPath = contextPath;
    }

    @BeforeEach
    void start() throws Exception {
        container = kind.start(contextPath, origin -> {
            portal = new OidcPortal(URI.create(origin + contextPath + "/api"));
            return portal.mount();
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String newUser() {
        return "oidc-user-" + USERS.incrementAndGet();
    }

    private Browser loggedIn(String user) {
        Browser b = new Browser(container);
        b.login(user);
        return b;
    }

    /** An endpoint URL under the issuer, as the metadata names it. */
    private URI endpoint(String path) {
        return URI.create(portal.issuer + path);
    }

    private Issuer issuer() {
        return new Issuer(portal.issuer);
    }

    private static ClientSecretBasic basic(String clientId, String secret) {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
    }

    private ClientSecretBasic resourceServer() {
        return basic(OidcPortal.RS, OidcPortal.RS_SECRET);
    }

    /** The authorize request a client sends (first-party clients: no consent page). */
    private AuthorizationRequest.Builder authorizeRequest(String clientId, String redirect, String scope, Nonce nonce) {
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(clientId))
                .endpointURI(endpoint("/oauth/authorize"))
                .redirectionURI(URI.create(redirect))
                .scope(Scope.parse(scope))
                .state(new State());
        if (nonce != null) {
            request.customParameter("nonce", nonce.getValue());
        }
        return request;
    }

    /** Runs authorize in a logged-in browser, expecting a code straight away. */
    private static AuthorizationCode code(Browser b, AuthorizationRequest request) throws Exception {
        HttpResponse<String> r = b.getAbsolute(request.toURI());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
        return AuthorizationResponse.parse(location).toSuccessResponse().getAuthorizationCode();
    }

    /** Code flow for a confidential client with client_secret_basic; parsed as OpenID Connect when openid is asked. */
    private AccessTokenResponse codeFlow(Browser b, String clientId, String secret, String redirect, String scope,
            Nonce nonce) throws Exception {
        AuthorizationCode code = code(b, authorizeRequest(clientId, redirect, scope, nonce).build());
        return exchange(new TokenRequest(endpoint("/oauth/token"), basic(clientId, secret),
                new AuthorizationCodeGrant(code, URI.create(redirect))), scope.contains("openid"));
    }

    private AccessTokenResponse rp(Browser b, String scope, Nonce nonce) throws Exception {
        return codeFlow(b, OidcPortal.RP, OidcPortal.RP_SECRET, OidcPortal.RP_REDIRECT, scope, nonce);
    }

    private AccessTokenResponse jwtRp(Browser b, String scope, Nonce nonce) throws Exception {
        return codeFlow(b, OidcPortal.JWT_RP, OidcPortal.JWT_RP_SECRET, OidcPortal.JWT_RP_REDIRECT, scope, nonce);
    }

    /** Code flow for the public first-party client with PKCE. */
    private AccessTokenResponse spa(Browser b, String scope) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationCode code = code(b, authorizeRequest(OidcPortal.SPA, OidcPortal.SPA_REDIRECT, scope, null)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build());
        return exchange(new TokenRequest(endpoint("/oauth/token"), new ClientID(OidcPortal.SPA),
                new AuthorizationCodeGrant(code, URI.create(OidcPortal.SPA_REDIRECT), verifier)), scope.contains("openid"));
    }

    private static AccessTokenResponse exchange(TokenRequest request, boolean openid) throws Exception {
        HTTPResponse http = request.toHTTPRequest().send();
        assertThat(http.getStatusCode()).as(http.getBody()).isEqualTo(200);
        return openid ? OIDCTokenResponseParser.parse(http).toSuccessResponse()
                : TokenResponse.parse(http).toSuccessResponse();
    }

    private static JWT idToken(AccessTokenResponse response) {
        return ((OIDCTokenResponse) response).getOIDCTokens().getIDToken();
    }

    private TokenIntrospectionSuccessResponse introspect(Token token) throws Exception {
        HTTPResponse http = new TokenIntrospectionRequest(endpoint("/oauth/introspect"), resourceServer(), token)
                .toHTTPRequest().send();
        assertThat(http.getStatusCode()).as(http.getBody()).isEqualTo(200);
        assertThat(http.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        TokenIntrospectionSuccessResponse response = TokenIntrospectionResponse.parse(http).toSuccessResponse();
        if (!response.isActive()) {
            // RFC 7662 §2.2: nothing but "active" about a token that is not active.
            assertThat(JSONObjectUtils.parse(http.getBody())).containsOnlyKeys("active");
        }
        return response;
    }

    private HTTPResponse userinfo(AccessToken token) throws Exception {
        return new UserInfoRequest(endpoint("/oauth/userinfo"), token).toHTTPRequest().send();
    }

    /** The JWK set fetched over HTTP, checking what a verifier relies on. */
    private JWKSet fetchJwks(Browser b) throws Exception {
        HttpResponse<String> r = b.getAbsolute(endpoint("/oauth/jwks"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        JWKSet set = JWKSet.parse(r.body());
        for (JWK key : set.getKeys()) {
            assertThat(key.isPrivate()).as("RFC 7517 §5: only public keys are published").isFalse();
            assertThat(key.getKeyID()).isNotBlank();
        }
        return set;
    }

    private static Set<String> kids(JWKSet set) {
        Set<String> kids = new java.util.TreeSet<>();
        set.getKeys().forEach(k -> kids.add(k.getKeyID()));
        return kids;
    }

    /** A resource server's RFC 9068 §4 checks, with Nimbus, against a key source. */
    private DefaultJWTProcessor<SecurityContext> accessTokenProcessor(JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(portal.issuer.toString(),
                new JWTClaimsSet.Builder().issuer(portal.issuer.toString()).build(),
                Set.of("sub", "exp", "iat", "jti", "client_id")));
        return processor;
    }

    private DefaultJWTProcessor<SecurityContext> remoteAccessTokenProcessor() throws Exception {
        URL jwks = endpoint("/oauth/jwks").toURL();
        return accessTokenProcessor(JWKSourceBuilder.<SecurityContext>create(jwks).retrying(false).build());
    }

    private static String location(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(301, 303);
        return r.headers().firstValue("Location").orElseThrow();
    }

    // ---------------------------------------------------------------- OpenID Connect: id_token

    /** OpenID Connect Core 1.0 §3.1.3.7: Nimbus validates our id_token with the JWK set fetched from /oauth/jwks. */
    @Test
    void idTokenValidatesWithTheJwksFromTheServer_oidcCore_3_1_3_7() throws Exception {
        String user = newUser();
        Browser b = loggedIn(user);
        Nonce nonce = new Nonce();
        AccessTokenResponse tokens = rp(b, "openid profile", nonce);
        JWT idToken = idToken(tokens);

        IDTokenValidator validator = new IDTokenValidator(issuer(), new ClientID(OidcPortal.RP), JWSAlgorithm.RS256,
                endpoint("/oauth/jwks").toURL());
        IDTokenClaimsSet claims = validator.validate(idToken, nonce);
        assertThat(claims.getSubject().getValue()).isEqualTo(user);
        assertThat(claims.getAudience()).extracting(a -> a.getValue()).containsExactly(OidcPortal.RP);
        assertThat(claims.getAuthenticationTime()).isNotNull();
        // §3.1.3.8: at_hash binds the access token that came with it.
        AccessTokenValidator.validate(tokens.getTokens().getAccessToken(), JWSAlgorithm.RS256,
                claims.getAccessTokenHash());

        // The same id_token with the set fetched by hand; and the checks can fail.
        IDTokenValidator fetched = new IDTokenValidator(issuer(), new ClientID(OidcPortal.RP), JWSAlgorithm.RS256,
                fetchJwks(b));
        assertThat(fetched.validate(idToken, nonce).getSubject().getValue()).isEqualTo(user);
        assertThatThrownBy(() -> fetched.validate(idToken, new Nonce())).isInstanceOf(BadJOSEException.class);
        IDTokenValidator otherClient = new IDTokenValidator(issuer(), new ClientID(OidcPortal.JWT_RP),
                JWSAlgorithm.RS256, fetchJwks(b));
        assertThatThrownBy(() -> otherClient.validate(idToken, nonce)).isInstanceOf(BadJOSEException.class);
    }

    // ---------------------------------------------------------------- prompt and max_age via the login page

    /**
     * OpenID Connect Core 1.0 §3.1.2.1 prompt=login: the login page is asked to show its form
     * (reauth=1) although the user has a session, and the way back does not ask again (no loop).
     */
    @Test
    void promptLoginAsksForTheFormOnceThenReturnsACode_oidcCore_3_1_2_1() throws Exception {
        String user = newUser();
        Browser b = loggedIn(user);
        portal.clock.advance(Duration.ofMinutes(10));
        Nonce nonce = new Nonce();
        AuthorizationRequest request = authorizeRequest(OidcPortal.RP, OidcPortal.RP_REDIRECT, "openid", nonce)
                .customParameter("prompt", "login").build();

        URI login = b.resolve(location(b.getAbsolute(request.toURI())));
        assertThat(login.getPath()).isEqualTo(contextPath + "/login");
        Map<String, String> query = Browser.query(login);
        assertThat(query).containsEntry(OAuthEndpoints.REAUTH_PARAMETER, "1");
        String returnTo = query.get("return");
        assertThat(ReturnUrls.isSafe(returnTo)).isTrue();
        assertThat(returnTo).startsWith(contextPath + "/api/oauth/authorize?").doesNotContain("prompt")
                .contains("nonce=" + nonce.getValue());

        // The host's page shows its form for reauth=1; without it, it would skip the form for the session.
        HttpResponse<String> page = b.getAbsolute(login);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("login form");
        assertThat(b.get("/login?return=" + Browser.enc(returnTo)).statusCode()).isEqualTo(302);

        // Log in again, go back: a code, not another trip to the login page.
        Instant secondLogin = portal.clock.instant();
        String back = location(b.postForm("/login", form("user", user, "return", returnTo)));
        portal.clock.advance(Duration.ofSeconds(1));
        URI redirect = URI.create(location(b.getAbsolute(b.resolve(back))));
        assertThat(redirect.toString()).startsWith(OidcPortal.RP_REDIRECT + "?");
        AuthorizationCode code = AuthorizationResponse.parse(redirect).toSuccessResponse().getAuthorizationCode();
        AccessTokenResponse tokens = exchange(new TokenRequest(endpoint("/oauth/token"),
                basic(OidcPortal.RP, OidcPortal.RP_SECRET), new AuthorizationCodeGrant(code,
                        URI.create(OidcPortal.RP_REDIRECT))), true);
        IDTokenValidator validator = new IDTokenValidator(issuer(), new ClientID(OidcPortal.RP), JWSAlgorithm.RS256,
                fetchJwks(b));
        validator.setMaxClockSkew(15 * 60); // the server's clock was moved 10 min ahead of the real one
        IDTokenClaimsSet claims = validator.validate(idToken(tokens), nonce);
        assertThat(claims.getAuthenticationTime().toInstant()).isEqualTo(secondLogin);
    }

    /** OpenID Connect Core 1.0 §3.1.2.1 max_age=0: log in again, then back with a code even though time has passed. */
    @Test
    void maxAgeZeroLogsInOnceThenReturnsACode_oidcCore_3_1_2_1() throws Exception {
        String user = newUser();
        Browser b = loggedIn(user);
        portal.clock.advance(Duration.ofSeconds(5));
        AuthorizationRequest request = authorizeRequest(OidcPortal.RP, OidcPortal.RP_REDIRECT, "openid", null)
                .customParameter("max_age", "0").build();

        URI login = b.resolve(location(b.getAbsolute(request.toURI())));
        Map<String, String> query = Browser.query(login);
        assertThat(query).containsEntry(OAuthEndpoints.REAUTH_PARAMETER, "1");
        String returnTo = query.get("return");
        assertThat(returnTo).doesNotContain("max_age");

        String back = location(b.postForm("/login", form("user", user, "return", returnTo)));
        portal.clock.advance(Duration.ofSeconds(1)); // the new login is already older than max_age=0
        URI redirect = URI.create(location(b.getAbsolute(b.resolve(back))));
        assertThat(redirect.toString()).startsWith(OidcPortal.RP_REDIRECT + "?code=");
    }

    /** Nobody logged in: to the login page without reauth (the page may show its form as usual). */
    @Test
    void firstLoginCarriesNoReauthParameter() {
        Browser b = new Browser(container);
        URI login = b.resolve(location(b.getAbsolute(authorizeRequest(OidcPortal.RP, OidcPortal.RP_REDIRECT, "openid",
                null).customParameter("max_age", "0").build().toURI())));
        assertThat(Browser.query(login)).containsKey("return").doesNotContainKey(OAuthEndpoints.REAUTH_PARAMETER);
    }

    // ---------------------------------------------------------------- JWT access tokens

    /**
     * RFC 9068 §4: a resource server with Nimbus's DefaultJWTProcessor (typ at+jwt, keys from
     * /oauth/jwks) accepts our JWT access tokens and rejects one signed by a key not in the set,
     * one re-signed under our kid, and an id_token presented as an access token.
     */
    @Test
    void jwtAccessTokenVerifiesAndForgeriesDoNot_rfc9068_4() throws Exception {
        String user = newUser();
        Browser b = loggedIn(user);
        AccessTokenResponse tokens = jwtRp(b, "openid profile", new Nonce());
        String access = tokens.getTokens().getAccessToken().getValue();

        JWTClaimsSet claims = remoteAccessTokenProcessor().process(access, null);
        assertThat(claims.getSubject()).isEqualTo(user);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(OidcPortal.JWT_RP);
        assertThat(claims.getStringClaim("scope")).isEqualTo("openid profile");
        assertThat(SignedJWT.parse(access).getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));

        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
        SignedJWT unknownKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt")).keyID(attacker.getKeyID()).build(), claims);
        unknownKey.sign(new RSASSASigner(attacker));
        assertThatThrownBy(() -> remoteAccessTokenProcessor().process(unknownKey.serialize(), null))
                .isInstanceOf(BadJOSEException.class);
        String ourKid = SignedJWT.parse(access).getHeader().getKeyID();
        SignedJWT underOurKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt")).keyID(ourKid).build(), claims);
        underOurKid.sign(new RSASSASigner(attacker));
        assertThatThrownBy(() -> remoteAccessTokenProcessor().process(underOurKid.serialize(), null))
                .isInstanceOf(BadJOSEException.class);
        assertThatThrownBy(() -> remoteAccessTokenProcessor().process(idToken(tokens).serialize(), null))
                .as("RFC 9068 §4: an id_token (typ JWT) is not an access token").isInstanceOf(BadJOSEException.class);

        // The server itself knows the forgeries are not its tokens.
        assertThat(introspect(new BearerAccessToken(unknownKey.serialize())).isActive()).isFalse();
        assertThat(userinfo(new BearerAccessToken(underOurKid.serialize())).getStatusCode()).isEqualTo(401);
        assertThat(introspect(new BearerAccessToken(access)).isActive()).isTrue();
    }

    /** Issue 5: a revoked JWT access token still verifies offline, but introspection reports it inactive. */
    @Test
    void revokedJwtAccessTokenIsInactive_rfc7009_rfc7662() throws Exception {
        Browser b = loggedIn(newUser());
        AccessTokenResponse tokens = jwtRp(b, "openid", null);
        BearerAccessToken access = tokens.getTokens().getBearerAccessToken();
        assertThat(introspect(access).isActive()).isTrue();
        HTTPResponse revoked = new TokenRevocationRequest(endpoint("/oauth/revoke"),
                basic(OidcPortal.JWT_RP, OidcPortal.JWT_RP_SECRET), access).toHTTPRequest().send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(introspect(access).isActive()).isFalse();
        assertThat(userinfo(access).getStatusCode()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- key rotation

    /**
     * Issue 5 / RFC 7517: after InMemorySigningKeys.rotate, tokens signed before and after both
     * verify with the published set, until the old ones have expired (the id_token lifetime, 1 h);
     * then the old key is gone from /oauth/jwks.
     */
    @Test
    void rotatedKeyStaysPublishedUntilItsTokensExpire() throws Exception {
        Browser b = loggedIn(newUser());
        Nonce nonce = new Nonce();
        AccessTokenResponse before = jwtRp(b, "openid", nonce);
        String oldKid = SignedJWT.parse(before.getTokens().getAccessToken().getValue()).getHeader().getKeyID();
        assertThat(kids(fetchJwks(b))).containsExactly(oldKid);

        portal.keys.rotate(portal.clock.instant());
        AccessTokenResponse after = jwtRp(b, "openid", nonce);
        String newKid = SignedJWT.parse(after.getTokens().getAccessToken().getValue()).getHeader().getKeyID();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(SignedJWT.parse(idToken(after).serialize()).getHeader().getKeyID()).isEqualTo(newKid);

        JWKSet both = fetchJwks(b);
        assertThat(kids(both)).containsExactlyInAnyOrder(oldKid, newKid);
        for (AccessTokenResponse tokens : List.of(before, after)) {
            accessTokenProcessor(new ImmutableJWKSet<>(both)).process(tokens.getTokens().getAccessToken().getValue(), null);
            new IDTokenValidator(issuer(), new ClientID(OidcPortal.JWT_RP), JWSAlgorithm.RS256, both)
                    .validate(idToken(tokens), nonce);
            assertThat(introspect(tokens.getTokens().getAccessToken()).isActive()).isTrue();
        }
        remoteAccessTokenProcessor().process(before.getTokens().getAccessToken().getValue(), null);
        remoteAccessTokenProcessor().process(after.getTokens().getAccessToken().getValue(), null);

        // The old access token expires after 15 min; the old id_token after 1 h: the key stays until then.
        portal.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(introspect(before.getTokens().getAccessToken()).isActive()).isFalse();
        portal.clock.advance(Duration.ofMinutes(44).plusSeconds(58)); // 59:59 after the rotation
        assertThat(kids(fetchJwks(b))).containsExactlyInAnyOrder(oldKid, newKid);

        portal.clock.advance(Duration.ofSeconds(1)); // 1 h: every token the old key signed has expired
        JWKSet later = fetchJwks(b);
        assertThat(kids(later)).containsExactly(newKid);
        // (Nimbus checks exp against the real clock, so only the missing key can reject these.)
        assertThatThrownBy(() -> new IDTokenValidator(issuer(), new ClientID(OidcPortal.JWT_RP), JWSAlgorithm.RS256,
                later).validate(idToken(before), nonce)).isInstanceOf(BadJOSEException.class);
        assertThatThrownBy(() -> remoteAccessTokenProcessor().process(
                before.getTokens().getAccessToken().getValue(), null)).isInstanceOf(BadJOSEException.class);
        accessTokenProcessor(new ImmutableJWKSet<>(later)).process(after.getTokens().getAccessToken().getValue(), null);
    }

    // ---------------------------------------------------------------- metadata

    /**
     * RFC 8414 §3 and OpenID Connect Discovery 1.0 §4: both documents parse with Nimbus, name our
     * issuer, and every endpoint they name is served (no 404) at the URL named.
     */
    @Test
    void publicDocumentsAnswerHeadAndMayBeReadFromOtherOrigins() throws Exception {
        // Browser-based clients on another origin fetch discovery and the JWK set (Discovery §4).
        Browser b = new Browser(container);
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration",
                "/oauth/jwks")) {
            HttpResponse<String> get = b.getAbsolute(endpoint(path), "Origin", "https://spa.example.org");
            assertThat(get.statusCode()).as(path).isEqualTo(200);
            assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
            assertThat(get.headers().firstValue("Access-Control-Allow-Credentials")).as(path).isEmpty();

            HttpResponse<String> head = b.send(java.net.http.HttpRequest.newBuilder(endpoint(path))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("Content-Length")).as(path)
                    .hasValue(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));

            HttpResponse<String> post = b.send(java.net.http.HttpRequest.newBuilder(endpoint(path))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(post.statusCode()).as(path).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).as(path).hasValue("GET, HEAD");
        }
        // The token endpoint, which takes credentials, is not opened to other origins.
        HttpResponse<String> token = b.send(java.net.http.HttpRequest.newBuilder(endpoint("/oauth/token"))
                .header("Origin", "https://spa.example.org").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertThat(token.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void metadataDocumentsParseAndEveryEndpointAnswers_rfc8414_3_oidcDiscovery_4() throws Exception {
        Browser b = new Browser(container);
        HttpResponse<String> oauth = b.getAbsolute(endpoint("/.well-known/oauth-authorization-server"));
        HttpResponse<String> openid = b.getAbsolute(endpoint("/.well-known/openid-configuration"));
        for (HttpResponse<String> r : List.of(oauth, openid)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        }
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(oauth.body());
        OIDCProviderMetadata op = OIDCProviderMetadata.parse(openid.body());
        assertThat(as.getIssuer()).isEqualTo(issuer()); // RFC 8414 §3.3
        assertThat(op.getIssuer()).isEqualTo(issuer()); // Discovery §4.3
        assertThat(op.getUserInfoEndpointURI()).isEqualTo(endpoint("/oauth/userinfo"));
        assertThat(as.getIntrospectionEndpointURI()).isEqualTo(endpoint("/oauth/introspect"));
        assertThat(as.getJWKSetURI()).isEqualTo(endpoint("/oauth/jwks"));

        // Nimbus's own discovery finds the OpenID document from the issuer alone (Discovery §4.1).
        assertThat(OIDCProviderMetadata.resolve(issuer()).getIssuer()).isEqualTo(issuer());

        // RFC 8414 §3.1's location at the origin's root (here through registerWellKnown).
        URI strict = container.origin().resolve(portal.endpoints.wellKnownPath());
        assertThat(strict.getPath()).isEqualTo("/.well-known/oauth-authorization-server" + contextPath + "/api");
        HttpResponse<String> rootDocument = b.getAbsolute(strict);
        assertThat(rootDocument.statusCode()).isEqualTo(200);
        assertThat(rootDocument.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        assertThat(AuthorizationServerMetadata.parse(rootDocument.body()).toJSONObject()).isEqualTo(as.toJSONObject());

        List<URI> named = new ArrayList<>();
        for (String body : List.of(oauth.body(), openid.body())) {
            JSONObjectUtils.parse(body).forEach((name, value) -> {
                if (name.endsWith("_endpoint") || name.equals("jwks_uri")) {
                    named.add(URI.create((String) value));
                }
            });
        }
        assertThat(named).contains(endpoint("/oauth/authorize"), endpoint("/oauth/token"),
                endpoint("/oauth/revoke"), endpoint("/oauth/introspect"), endpoint("/oauth/userinfo"),
                endpoint("/oauth/jwks"));
        for (URI uri : named) {
            assertThat(uri.toString()).startsWith(portal.issuer + "/");
            HttpResponse<String> r = b.getAbsolute(uri);
            assertThat(r.statusCode()).as("GET " + uri).isNotEqualTo(404).isLessThan(500);
            if (r.statusCode() == 405) {
                assertThat(r.headers().firstValue("Allow")).as(uri.toString()).hasValue("POST");
                r = b.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(""))
                        .header("Content-Type", Browser.FORM));
                assertThat(r.statusCode()).as("POST " + uri).isNotIn(404, 405).isLessThan(500);
            }
        }
    }

    /** Wrong methods get 405 with Allow (RFC 9110 §15.5.6). */
    @Test
    void wrongMethodsGet405WithAllow() {
        Browser b = new Browser(container);
        Map<String, String> allowed = Map.of(
                "/api/oauth/introspect", "POST",
                "/api/oauth/userinfo", "GET, POST",
                "/api/oauth/jwks", "GET, HEAD",
                "/api/.well-known/oauth-authorization-server", "GET, HEAD",
                "/api/.well-known/openid-configuration", "GET, HEAD");
        allowed.forEach((path, allow) -> {
            String wrong = allow.contains("GET") ? "PUT" : "GET";
            HttpResponse<String> r = b.method(wrong, path);
            assertThat(r.statusCode()).as(wrong + " " + path).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(path).hasValue(allow);
        });
        HttpResponse<String> root = b.send(HttpRequest.newBuilder(container.origin().resolve(
                portal.endpoints.wellKnownPath())).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(root.statusCode()).isEqualTo(405);
        assertThat(root.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    // ---------------------------------------------------------------- userinfo

    /** OpenID Connect Core 1.0 §5.4: userinfo releases only the claims of the granted scopes, with the id_token's sub. */
    @Test
    void userinfoReleasesOnlyWhatTheScopesAllow_oidcCore_5_4() throws Exception {
        String user = newUser();
        Browser b = loggedIn(user);

        AccessTokenResponse email = rp(b, "openid email", null);
        HTTPResponse http = userinfo(email.getTokens().getAccessToken());
        assertThat(http.getStatusCode()).as(http.getBody()).isEqualTo(200);
        assertThat(http.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        UserInfo info = UserInfoResponse.parse(http).toSuccessResponse().getUserInfo();
        assertThat(info.toJSONObject()).containsOnlyKeys("sub", "email", "email_verified");
        assertThat(info.getSubject().getValue()).isEqualTo(user)
                .isEqualTo(idToken(email).getJWTClaimsSet().getSubject()); // §5.3.2
        assertThat(info.getEmailAddress()).isEqualTo(user + "@nu.id");

        AccessTokenResponse profile = rp(b, "openid profile phone address", null);
        info = UserInfoResponse.parse(userinfo(profile.getTokens().getAccessToken())).toSuccessResponse().getUserInfo();
        assertThat(info.toJSONObject()).containsKeys("sub", "name", "given_name", "family_name", "phone_number",
                "phone_number_verified", "address").doesNotContainKeys("email", "email_verified", "nik");
        assertThat(info.getAddress().getLocality()).isEqualTo("Surabaya");

        AccessTokenResponse bare = rp(b, "openid", null);
        info = UserInfoResponse.parse(userinfo(bare.getTokens().getAccessToken())).toSuccessResponse().getUserInfo();
        assertThat(info.toJSONObject()).containsOnlyKeys("sub");

        // A JWT access token works the same way.
        AccessTokenResponse jwt = jwtRp(b, "openid email", null);
        info = UserInfoResponse.parse(userinfo(jwt.getTokens().getAccessToken())).toSuccessResponse().getUserInfo();
        assertThat(info.toJSONObject()).containsOnlyKeys("sub", "email", "email_verified");
    }

    /** OpenID Connect Core 1.0 §5.3.1 / RFC 6750 §2.1, §2.2: GET with the header, POST with the header or the form body. */
    @Test
    void userinfoByGetAndPost_rfc6750_2() throws Exception {
        Browser b = loggedIn(newUser());
        String access = rp(b, "openid email", null).getTokens().getAccessToken().getValue();
        String path = "/api/oauth/userinfo";

        assertThat(b.get(path, "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
        // A POST with only the header may carry no Content-Type and no body.
        HttpResponse<String> r = b.send(HttpRequest.newBuilder(b.app(path)).POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + access));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r)).containsKeys("sub", "email");
        // RFC 6750 §2.2: the form-encoded body parameter.
        r = b.postForm(path, form("access_token", access));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // RFC 6750 §2.3 (the query) is not supported (RFC 9700 §4.3.2): refused on GET and POST.
        r = b.get(path + "?access_token=" + access);
        assertBearerError(r, 400, "invalid_request");
        assertThat(r.body()).doesNotContain(access);
        assertBearerError(b.postForm(path + "?access_token=" + access, ""), 400, "invalid_request");
        // Twice (header and body) is refused by the engine (RFC 6750 §2).
        assertBearerError(b.postForm(path, form("access_token", access), "Authorization", "Bearer " + access),
                400, "invalid_request");
        // A body that is not a form.
        assertThat(b.post(path, "application/json", "{}", "Authorization", "Bearer " + access).statusCode())
                .isEqualTo(415);
    }

    /** RFC 6750 §3 and §3.1 at the userinfo endpoint, read back with Nimbus. */
    @Test
    void userinfoErrors_rfc6750_3() throws Exception {
        Browser b = loggedIn(newUser());

        HttpResponse<String> none = b.get("/api/oauth/userinfo");
        assertThat(none.statusCode()).isEqualTo(401);
        BearerTokenError challenge = BearerTokenError.parse(none.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertThat(challenge.getRealm()).isEqualTo(portal.issuer.toString());
        assertThat(challenge.getCode()).isNull(); // §3.1: no error code when no token came

        HTTPResponse bad = userinfo(new BearerAccessToken("not-a-token-we-issued"));
        UserInfoErrorResponse badError = UserInfoResponse.parse(bad).toErrorResponse();
        assertThat(bad.getStatusCode()).isEqualTo(401);
        assertThat(badError.getErrorObject().getCode()).isEqualTo("invalid_token");

        AccessTokenResponse noOpenid = spa(b, "profile");
        HTTPResponse forbidden = userinfo(noOpenid.getTokens().getAccessToken());
        assertThat(forbidden.getStatusCode()).isEqualTo(403);
        BearerTokenError scope = BearerTokenError.parse(forbidden.getHeaderValue("WWW-Authenticate"));
        assertThat(scope.getCode()).isEqualTo("insufficient_scope");
        assertThat(scope.getScope()).isEqualTo(new Scope("openid"));

        // An expired token is invalid_token too.
        AccessTokenResponse ok = rp(b, "openid", null);
        portal.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(UserInfoResponse.parse(userinfo(ok.getTokens().getAccessToken())).toErrorResponse()
                .getErrorObject().getCode()).isEqualTo("invalid_token");
    }

    // ---------------------------------------------------------------- introspection

    /** RFC 7662 §2.2: active with its details; inactive after expiry, revocation, and for unknown tokens. */
    @Test
    void introspectionActiveUntilExpiryOrRevocation_rfc7662_2_2() throws Exception {
        String user = newUser();
        Browser b = loggedIn(user);
        AccessTokenResponse tokens = rp(b, "openid email", null);
        AccessToken access = tokens.getTokens().getAccessToken();

        TokenIntrospectionSuccessResponse active = introspect(access);
        assertThat(active.isActive()).isTrue();
        assertThat(active.getScope()).isEqualTo(new Scope("openid", "email"));
        assertThat(active.getClientID()).isEqualTo(new ClientID(OidcPortal.RP));
        assertThat(active.getSubject().getValue()).isEqualTo(user);
        assertThat(active.getIssuer()).isEqualTo(issuer());
        assertThat(active.getExpirationTime()).isEqualTo(Date.from(portal.clock.instant().plus(Duration.ofMinutes(15))));
        assertThat(introspect(new BearerAccessToken("unknown-token")).isActive()).isFalse();

        // Expiry, by the server's clock.
        portal.clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(introspect(access).isActive()).isTrue();
        portal.clock.advance(Duration.ofSeconds(1)); // RFC 7519 §4.1.4: not valid from exp on
        assertThat(introspect(access).isActive()).isFalse();

        // Revocation (RFC 7009): a fresh token, revoked by its client.
        AccessToken second = rp(b, "openid", null).getTokens().getAccessToken();
        assertThat(introspect(second).isActive()).isTrue();
        assertThat(new TokenRevocationRequest(endpoint("/oauth/revoke"), basic(OidcPortal.RP, OidcPortal.RP_SECRET),
                second).toHTTPRequest().send().getStatusCode()).isEqualTo(200);
        assertThat(introspect(second).isActive()).isFalse();
    }

    /**
     * RFC 7662 with RFC 9700 §4.14.2 refresh rotation: reuse of a rotated-out refresh token kills the
     * new access token. The resource server never learns about refresh tokens (RFC 7662 §4: they are
     * the client's, and this public client cannot introspect at all).
     */
    @Test
    void introspectionFollowsRefreshRotation_rfc7662_rfc9700_4_14_2() throws Exception {
        Browser b = loggedIn(newUser());
        AccessTokenResponse first = spa(b, "openid offline_access");
        RefreshToken r1 = first.getTokens().getRefreshToken();
        assertThat(introspect(r1).isActive()).isFalse();
        assertThat(introspect(first.getTokens().getAccessToken()).isActive()).isTrue();

        AccessTokenResponse second = exchange(new TokenRequest(endpoint("/oauth/token"), new ClientID(OidcPortal.SPA),
                new RefreshTokenGrant(r1)), true);
        RefreshToken r2 = second.getTokens().getRefreshToken();
        assertThat(r2).isNotNull().isNotEqualTo(r1);
        assertThat(introspect(r2).isActive()).isFalse();
        assertThat(introspect(second.getTokens().getAccessToken()).isActive()).isTrue();

        // Reusing the rotated-out token revokes the grant: the new tokens become inactive too.
        AuthorizationGrant reuse = new RefreshTokenGrant(r1);
        HTTPResponse refused = new TokenRequest(endpoint("/oauth/token"), new ClientID(OidcPortal.SPA), reuse)
                .toHTTPRequest().send();
        assertThat(((TokenErrorResponse) TokenResponse.parse(refused)).getErrorObject().getCode())
                .isEqualTo("invalid_grant");
        assertThat(introspect(second.getTokens().getAccessToken()).isActive()).isFalse();
        assertThat(introspect(first.getTokens().getAccessToken()).isActive()).isFalse();
    }

    /** RFC 7662 §2.1: the caller must authenticate; a public client cannot introspect. */
    @Test
    void introspectionNeedsAConfidentialClient_rfc7662_2_1() throws Exception {
        Browser b = loggedIn(newUser());
        String access = rp(b, "openid", null).getTokens().getAccessToken().getValue();
        String path = "/api/oauth/introspect";

        HttpResponse<String> anonymous = b.postForm(path, form("token", access));
        assertThat(anonymous.statusCode()).isIn(400, 401);
        assertThat(json(anonymous)).containsEntry("error", "invalid_client").doesNotContainKey("active");

        HttpResponse<String> publicClient = b.postForm(path, form("token", access, "client_id", OidcPortal.SPA));
        assertThat(publicClient.statusCode()).isIn(400, 401);
        assertThat(json(publicClient)).containsEntry("error", "invalid_client");

        HttpResponse<String> wrongSecret = b.postForm(path, form("token", access), "Authorization",
                basic(OidcPortal.RS, "wrong-secret-wrong-secret-wrong-secret").toHTTPAuthorizationHeader());
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
        assertThat(json(wrongSecret)).containsEntry("error", "invalid_client");
    }

    // ---------------------------------------------------------------- small helpers

    private static Map<String, Object> json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        try {
            return JSONObjectUtils.parse(r.body());
        } catch (java.text.ParseException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static void assertBearerError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=")
                .contains("error=\"" + error + "\"");
        assertThat(json(r)).containsEntry("error", error);
    }
}
