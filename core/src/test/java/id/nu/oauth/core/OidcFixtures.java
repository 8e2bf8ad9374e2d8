package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.contract.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Shared set-up for the OpenID Connect, JWT, introspection and metadata tests: a server whose
 * movable clock starts at the real present (Nimbus's validators compare {@code exp} and
 * {@code iat} with the system clock), relying parties of each kind, a resource server that
 * introspects, and Nimbus as the independent verifier of every token.
 */
final class OidcFixtures {

    static final URI ISSUER = URI.create("https://nu.id/api");

    /** A confidential relying party, opaque access tokens, refresh tokens kept. */
    static final String WEB = "rp-web";
    static final String WEB_SECRET = SecretHash.generateSecret();
    static final String WEB_CB = "https://rp.example.org/cb";

    /** A second relying party on the same host (the same pairwise sector, OIDC Core §8.1). */
    static final String WEB2 = "rp-web-2";
    static final String WEB2_CB = "https://rp.example.org/other/cb";

    /** A relying party on another host. */
    static final String ELSEWHERE = "rp-elsewhere";
    static final String ELSEWHERE_CB = "https://elsewhere.example.net/cb";

    /** A public client with PKCE and rotating refresh tokens. */
    static final String MOBILE = "rp-mobile";
    static final String MOBILE_CB = "id.nu.app:/cb";

    /** A confidential relying party with RFC 9068 JWT access tokens. */
    static final String JWT_CLIENT = "rp-jwt";
    static final String JWT_CB = "https://jwt.example.org/cb";

    /** A resource server: a confidential client that introspects other clients' access tokens (RFC 7662 §4). */
    static final String RESOURCE = "resource-server";
    static final String RESOURCE_SECRET = SecretHash.generateSecret();

    /** A machine client with JWT access tokens (client credentials, RFC 6749 §4.4). */
    static final String SERVICE = "batch-service";
    static final String SERVICE_SECRET = SecretHash.generateSecret();

    static final String SUBJECT = "alice-0001";

    /** One pair of keys for every fixture that does not rotate: key generation is slow. */
    static final RSAKey RSA = rsa();
    static final ECKey EC = ec();

    final MutableClock clock;
    final AuthorizationServer server;
    /** When the user logged in: before the clock's start. */
    final Instant authTime;

    private OidcFixtures(MutableClock clock, AuthorizationServer server, Instant authTime) {
        this.clock = clock;
        this.server = server;
        this.authTime = authTime;
    }

    static OidcFixtures create() {
        return create(b -> { });
    }

    /** The standard server with builder changes; the signing keys are the shared pair unless changed. */
    static OidcFixtures create(Consumer<AuthorizationServer.Builder> customize) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MutableClock clock = new MutableClock(start);
        SecretHash web = SecretHash.of(WEB_SECRET);
        AuthorizationServer.Builder builder = AuthorizationServer.builder()
                .issuer(ISSUER)
                .clock(clock)
                .signingKeys(keys(RSA, EC))
                .client(Client.confidential(WEB, web).name("RP Web").redirectUri(WEB_CB)
                        .scopes("openid", "profile", "email", "phone", "address", "nu_member")
                        .defaultScopes("openid").build())
                .client(Client.confidential(WEB2, web).redirectUri(WEB2_CB).scopes("openid", "profile").build())
                .client(Client.confidential(ELSEWHERE, web).redirectUri(ELSEWHERE_CB).scopes("openid").build())
                .client(Client.publicClient(MOBILE).redirectUri(MOBILE_CB).scopes("openid", "profile").build())
                .client(Client.confidential(JWT_CLIENT, web).redirectUri(JWT_CB)
                        .scopes("openid", "profile", "email").accessTokenFormat(AccessTokenFormat.JWT).build())
                .client(Client.confidential(RESOURCE, SecretHash.of(RESOURCE_SECRET))
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).resourceServer(true).build())
                .client(Client.confidential(SERVICE, SecretHash.of(SERVICE_SECRET))
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("reports.read")
                        .accessTokenFormat(AccessTokenFormat.JWT).build());
        customize.accept(builder);
        return new OidcFixtures(clock, builder.build(), start.minusSeconds(120));
    }

    AuthenticatedUser user() {
        return new AuthenticatedUser(SUBJECT, authTime);
    }

    // ---------------------------------------------------------------- authorize and token

    /** The redirect URI registered for a client of this fixture. */
    static String redirectOf(String clientId) {
        return switch (clientId) {
            case WEB -> WEB_CB;
            case WEB2 -> WEB2_CB;
            case ELSEWHERE -> ELSEWHERE_CB;
            case MOBILE -> MOBILE_CB;
            case JWT_CLIENT -> JWT_CB;
            default -> throw new IllegalArgumentException(clientId);
        };
    }

    /** Authorizes for the user, approved, and returns the code; {@code extra} adds parameters. */
    Code code(String clientId, String scope, String nonce, String... extra) {
        Map<String, String> query = form("response_type", "code", "client_id", clientId,
                "redirect_uri", redirectOf(clientId), "state", "s-1", "scope", scope);
        if (nonce != null) {
            query.put("nonce", nonce);
        }
        String verifier = null;
        if (clientId.equals(MOBILE)) {
            CodeVerifier v = new CodeVerifier();
            verifier = v.getValue();
            query.put("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, v).getValue());
            query.put("code_challenge_method", "S256");
        }
        query.putAll(form(extra));
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(Params.singleValued(query), user())
                .withConsent(ConsentDecision.APPROVED));
        return new Code(codeFrom(result), verifier, clientId);
    }

    static String codeFrom(AuthorizeResult result) {
        assertThat(result).isInstanceOf(AuthorizeResult.Redirect.class);
        URI location = ((AuthorizeResult.Redirect) result).location();
        try {
            AuthorizationResponse response = AuthorizationResponse.parse(location);
            assertThat(response.indicatesSuccess()).as("%s", location).isTrue();
            return response.toSuccessResponse().getAuthorizationCode().getValue();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("not an authorization response: " + location, e);
        }
    }

    record Code(String value, String verifier, String clientId) {
    }

    /** The token request of the code flow; confidential clients use client_secret_basic. */
    EndpointResponse exchange(Code code) {
        Map<String, String> form = form("grant_type", "authorization_code", "code", code.value(),
                "redirect_uri", redirectOf(code.clientId()));
        if (code.verifier() != null) {
            form.put("code_verifier", code.verifier());
            form.put("client_id", code.clientId());
            return server.token(EndpointRequest.of(form));
        }
        return server.token(EndpointRequest.of(form, basic(code.clientId(), WEB_SECRET)));
    }

    /** Logs in through the code flow and returns the tokens. */
    Tokens login(String clientId, String scope, String nonce) {
        return tokens(exchange(code(clientId, scope, nonce)));
    }

    EndpointResponse refresh(String clientId, String refreshToken, String... extra) {
        Map<String, String> form = form("grant_type", "refresh_token", "refresh_token", refreshToken);
        form.putAll(form(extra));
        if (clientId.equals(MOBILE)) {
            form.put("client_id", MOBILE);
            return server.token(EndpointRequest.of(form));
        }
        return server.token(EndpointRequest.of(form, basic(clientId, WEB_SECRET)));
    }

    /** A client_credentials token for the JWT service client. */
    String serviceToken() {
        return tokens(server.token(EndpointRequest.of(form("grant_type", "client_credentials"),
                basic(SERVICE, SERVICE_SECRET)))).access();
    }

    /** Introspection by the resource server. */
    EndpointResponse introspect(String token, String... extra) {
        return introspectAs(RESOURCE, RESOURCE_SECRET, token, extra);
    }

    /** Introspection by any confidential client, with HTTP Basic. */
    EndpointResponse introspectAs(String clientId, String secret, String token, String... extra) {
        Map<String, String> form = form("token", token);
        form.putAll(form(extra));
        return server.introspect(EndpointRequest.of(form, basic(clientId, secret)));
    }

    boolean introspectActive(String token) {
        EndpointResponse r = introspect(token);
        assertThat(r.status()).isEqualTo(200);
        return Boolean.TRUE.equals(json(r).get("active"));
    }

    record Tokens(String access, String refresh, String idToken, Map<String, Object> body) {
    }

    static Tokens tokens(EndpointResponse r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, Object> body = json(r);
        return new Tokens((String) body.get("access_token"), (String) body.get("refresh_token"),
                (String) body.get("id_token"), body);
    }

    // ---------------------------------------------------------------- Nimbus as verifier

    JWKSet jwks() {
        try {
            return JWKSet.parse(server.jwks());
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JWK set: " + server.jwks(), e);
        }
    }

    /** OIDC Core §3.1.3.7 with Nimbus: signature against the published JWK set, iss, aud, exp, iat, nonce. */
    IDTokenClaimsSet validateIdToken(String idToken, String clientId, String nonce)
            throws BadJOSEException, JOSEException {
        return validateIdToken(idToken, clientId, nonce, JWSAlgorithm.RS256);
    }

    IDTokenClaimsSet validateIdToken(String idToken, String clientId, String nonce, JWSAlgorithm algorithm)
            throws BadJOSEException, JOSEException {
        IDTokenValidator validator = new IDTokenValidator(new Issuer(ISSUER), new ClientID(clientId), algorithm,
                jwks());
        try {
            return validator.validate(JWTParser.parse(idToken), nonce == null ? null : new Nonce(nonce));
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JWT: " + idToken, e);
        }
    }

    /**
     * RFC 9068 §4 with Nimbus: {@code typ} at+jwt, the algorithm, a key of the published JWK set,
     * {@code iss}, {@code aud} and the required claims, with time read from the server's clock.
     */
    JWTClaimsSet verifyAccessToken(String token, JWKSet keys, JWSAlgorithm algorithm)
            throws BadJOSEException, JOSEException {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(keys)));
        MutableClock serverClock = clock;
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(ISSUER.toString(),
                new JWTClaimsSet.Builder().issuer(ISSUER.toString()).build(),
                Set.of("iss", "exp", "aud", "sub", "client_id", "iat", "jti")) {
            @Override
            protected Date currentTime() {
                return Date.from(serverClock.instant());
            }
        };
        claims.setMaxClockSkew(0); // the server's clock is the only clock here
        processor.setJWTClaimsSetVerifier(claims);
        try {
            return processor.process(token, null);
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JWT: " + token, e);
        }
    }

    JWTClaimsSet verifyAccessToken(String token) throws BadJOSEException, JOSEException {
        return verifyAccessToken(token, jwks(), JWSAlgorithm.RS256);
    }

    // ---------------------------------------------------------------- small helpers

    static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> json(EndpointResponse r) {
        try {
            return JSONObjectUtils.parse(r.body());
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JSON object: " + r.body(), e);
        }
    }

    static HTTPResponse http(EndpointResponse r) {
        HTTPResponse http = new HTTPResponse(r.status());
        r.headers().forEach(http::setHeader);
        http.setBody(r.body());
        return http;
    }

    /** A JWK (here made with Nimbus) as the host hands it in: JWK JSON text. */
    static SigningKey key(JWK jwk) {
        return SigningKey.fromJwkJson(jwk.toJSONString());
    }

    /** The host's own key pairs, handed in as JWK JSON text. */
    static InMemorySigningKeys keys(JWK... jwks) {
        return InMemorySigningKeys.of(java.util.Arrays.stream(jwks).map(OidcFixtures::key).toList());
    }

    static RSAKey rsa() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
