package id.nu.oauth.spring.boot.props;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationRequest;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.SigningKeys;
import id.nu.oauth.core.StoredSigningKeys;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The per-client and server-wide properties of issues 11 and 12 reach the engine: an application
 * configured by {@code nuid.oauth.*} only, on a random loopback port, with Nimbus as the independent
 * client building every assertion, proof and request and parsing every answer.
 */
@SpringBootTest(classes = PropertiesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "nuid.oauth.issuer=http://127.0.0.1/api",
            "nuid.oauth.storage.type=memory",
            "server.address=127.0.0.1",
            "nuid.oauth.id-token-signing-algorithm=ES256",
            "nuid.oauth.acr-values-supported=urn:nuid:acr:password,urn:nuid:acr:mfa",
            "nuid.oauth.max-request-body-bytes=2KB",
            "nuid.oauth.max-parameter-length=1024",
            "nuid.oauth.trusted-client-certificate-header=X-Client-Cert",
            "nuid.oauth.dynamic-registration.enabled=true",
            "nuid.oauth.dynamic-registration.scopes=openid,profile",
            "nuid.oauth.clients.key-app.auth-methods=private_key_jwt",
            "nuid.oauth.clients.key-app.grant-types=client_credentials",
            "nuid.oauth.clients.key-app.scopes=reports",
            "nuid.oauth.clients.dpop-app.require-dpop=true",
            "nuid.oauth.clients.dpop-app.grant-types=client_credentials",
            "nuid.oauth.clients.dpop-app.scopes=reports",
            "nuid.oauth.clients.par-app.type=public",
            "nuid.oauth.clients.par-app.require-par=true",
            "nuid.oauth.clients.par-app.first-party=true",
            "nuid.oauth.clients.par-app.redirect-uris=http://127.0.0.1/callback",
            "nuid.oauth.clients.par-app.scopes=openid",
            "nuid.oauth.clients.mtls-app.auth-methods=tls_client_auth",
            "nuid.oauth.clients.mtls-app.certificate-bound-tokens=true",
            "nuid.oauth.clients.mtls-app.grant-types=client_credentials",
            "nuid.oauth.clients.mtls-app.scopes=reports",
            "nuid.oauth.clients.hmac-app.auth-methods=client_secret_jwt",
            "nuid.oauth.clients.hmac-app.grant-types=client_credentials",
            "nuid.oauth.clients.hmac-app.scopes=reports",
            "management.endpoints.web.exposure.include=configprops,env",
            "management.endpoint.configprops.show-values=always",
            "management.endpoint.env.show-values=always"})
class StrongClientPropertiesTest {

    static final String ISSUER = "http://127.0.0.1/api";
    static final ECKey CLIENT_KEY = ecKey("client-1");
    static final ECKey DPOP_KEY = ecKey("dpop-1");
    static final String DPOP_APP_SECRET = SecretHash.generateSecret();
    static final String NEW_SECRET = SecretHash.generateSecret();
    static final String OLD_SECRET = SecretHash.generateSecret();
    static final String NONCE_SECRET = randomBase64();
    static final String SIGNING_KEY = randomBase64();
    static final String PAIRWISE_SALT = randomBase64();
    static final String CLIENT_SECRET_KEY = randomBase64();
    static final String HMAC_APP_SECRET = SecretHash.generateSecret();
    static final String INITIAL_TOKEN = SecretHash.generateSecret();
    static final URI CALLBACK = URI.create("http://127.0.0.1/callback");
    /** The subject of {@code certificates/bank-app.pem}, a self-signed certificate made by keytool (public only). */
    static final String BANK_APP_DN = "CN=bank-app, O=Bank Example, C=ID";

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        // as environment variables would give them
        registry.add("nuid.oauth.clients.key-app.jwks", () -> new JWKSet(CLIENT_KEY.toPublicJWK()).toString());
        registry.add("nuid.oauth.clients.dpop-app.secret", () -> DPOP_APP_SECRET);
        registry.add("nuid.oauth.clients.rotating-app.secret", () -> NEW_SECRET);
        registry.add("nuid.oauth.clients.rotating-app.previous-secret", () -> OLD_SECRET);
        registry.add("nuid.oauth.clients.rotating-app.previous-secret-expires-at",
                () -> java.time.Instant.now().plusSeconds(3600).toString());
        registry.add("nuid.oauth.clients.rotating-app.grant-types", () -> "client_credentials");
        registry.add("nuid.oauth.clients.mtls-app.tls-subject.subject-dn", () -> BANK_APP_DN);
        registry.add("nuid.oauth.dpop.nonce-secret", () -> NONCE_SECRET);
        registry.add("nuid.oauth.dynamic-registration.initial-access-tokens", () -> INITIAL_TOKEN);
        registry.add("nuid.oauth.signing.encryption-key", () -> SIGNING_KEY);
        registry.add("nuid.oauth.pairwise-subject-salt", () -> PAIRWISE_SALT);
        registry.add("nuid.oauth.client-secret-encryption-key", () -> CLIENT_SECRET_KEY);
        registry.add("nuid.oauth.clients.hmac-app.secret", () -> HMAC_APP_SECRET);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    SigningKeys signingKeys;

    @Test
    void aPrivateKeyJwtClientWithInlineJwksAuthenticatesWithANimbusAssertion() throws Exception { // RFC 7523 §2.2
        URI token = new Http(port).url("/api/oauth/token");
        TokenResponse ok = TokenResponse.parse(Http.send(new TokenRequest(token,
                assertion("key-app", CLIENT_KEY), new ClientCredentialsGrant(), new Scope("reports")).toHTTPRequest()));
        assertThat(ok.indicatesSuccess()).as(() -> ok.toErrorResponse().getErrorObject().toString()).isTrue();

        // an assertion signed by another key is no authentication (RFC 7523 §3 item 9, RFC 6749 §5.2)
        HTTPResponse forged = Http.send(new TokenRequest(token, assertion("key-app", ecKey("client-1")),
                new ClientCredentialsGrant(), new Scope("reports")).toHTTPRequest());
        assertThat(forged.getStatusCode()).isEqualTo(401);
        assertThat(TokenErrorResponse.parse(forged).getErrorObject().getCode()).isEqualTo("invalid_client");
    }

    @Test
    void aClientSecretJwtClientAuthenticatesWithANimbusHmacAssertion() throws Exception { // RFC 7523 §2.2, OIDC Core §9
        URI token = new Http(port).url("/api/oauth/token");
        TokenResponse ok = TokenResponse.parse(Http.send(new TokenRequest(token, new ClientSecretJWT(
                new ClientID("hmac-app"), URI.create(ISSUER), JWSAlgorithm.HS256, new Secret(HMAC_APP_SECRET)),
                new ClientCredentialsGrant(), new Scope("reports")).toHTTPRequest()));
        assertThat(ok.indicatesSuccess()).as(() -> ok.toErrorResponse().getErrorObject().toString()).isTrue();

        // an HMAC made with another secret is no authentication (RFC 7523 §3 item 9)
        HTTPResponse forged = Http.send(new TokenRequest(token, new ClientSecretJWT(new ClientID("hmac-app"),
                URI.create(ISSUER), JWSAlgorithm.HS256, new Secret(SecretHash.generateSecret())), new ClientCredentialsGrant(),
                new Scope("reports")).toHTTPRequest());
        assertThat(forged.getStatusCode()).isEqualTo(401);
        assertThat(TokenErrorResponse.parse(forged).getErrorObject().getCode()).isEqualTo("invalid_client");

        // the method was opted into with a key, so the metadata lists it (RFC 8414 §2)
        Map<String, Object> metadata = JSONObjectUtils.parse(new Http(port)
                .get("/api/.well-known/openid-configuration").body());
        assertThat(metadata.get("token_endpoint_auth_methods_supported")).asString().contains("client_secret_jwt");
    }

    @Test
    void duringARotationTheNewAndThePreviousSecretBothAuthenticate() throws Exception { // RFC 6749 §2.3.1
        URI token = new Http(port).url("/api/oauth/token");
        for (String secret : List.of(NEW_SECRET, OLD_SECRET)) {
            HTTPResponse r = Http.send(new TokenRequest(token, new ClientSecretBasic(new ClientID("rotating-app"),
                    new Secret(secret)), new ClientCredentialsGrant()).toHTTPRequest());
            assertThat(r.getStatusCode()).isEqualTo(200);
        }
        HTTPResponse wrong = Http.send(new TokenRequest(token, new ClientSecretBasic(new ClientID("rotating-app"),
                new Secret(SecretHash.generateSecret())), new ClientCredentialsGrant()).toHTTPRequest());
        assertThat(wrong.getStatusCode()).isEqualTo(401);
    }

    @Test
    void aRequireDpopClientGetsDpopBoundTokensAfterTheServersNonce() throws Exception { // RFC 9449 §5.2, §8
        URI token = new Http(port).url("/api/oauth/token");
        TokenRequest request = new TokenRequest(token, new ClientSecretBasic(new ClientID("dpop-app"),
                new Secret(DPOP_APP_SECRET)), new ClientCredentialsGrant(), new Scope("reports"));
        // no proof: the client's dpop_bound_access_tokens refuses a bearer token
        HTTPResponse bare = Http.send(request.toHTTPRequest());
        assertThat(bare.getStatusCode()).isEqualTo(400);
        assertThat(TokenErrorResponse.parse(bare).getErrorObject().getCode()).isEqualTo("invalid_dpop_proof");

        // a proof without the server's nonce: use_dpop_nonce with a DPoP-Nonce (dpop.nonce-secret is set)
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(DPOP_KEY, JWSAlgorithm.ES256);
        HTTPRequest first = request.toHTTPRequest();
        first.setDPoP(proofs.createDPoPJWT("POST", token));
        HTTPResponse asked = Http.send(first);
        assertThat(asked.getStatusCode()).isEqualTo(400);
        assertThat(TokenErrorResponse.parse(asked).getErrorObject().getCode()).isEqualTo("use_dpop_nonce");
        assertThat(asked.getDPoPNonce()).isNotNull();

        HTTPRequest again = request.toHTTPRequest();
        again.setDPoP(proofs.createDPoPJWT("POST", token, asked.getDPoPNonce()));
        TokenResponse ok = TokenResponse.parse(Http.send(again));
        assertThat(ok.indicatesSuccess()).as(() -> ok.toErrorResponse().getErrorObject().toString()).isTrue();
        assertThat(ok.toSuccessResponse().getTokens().getAccessToken().getType()).isEqualTo(AccessTokenType.DPOP);
    }

    @Test
    void aRequireParClientIsRefusedAPlainAuthorizeAndServedAPushedOne() throws Exception { // RFC 9126 §5, §4
        Http http = new Http(port);
        ClientID client = new ClientID("par-app");
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest plain = new AuthorizationRequest.Builder(ResponseType.CODE, client).redirectionURI(CALLBACK)
                .scope(new Scope("openid")).state(new State()).codeChallenge(verifier, CodeChallengeMethod.S256)
                .endpointURI(http.url("/api/oauth/authorize")).build();
        HttpResponse<String> refused = http.get(plain.toURI().toString());
        assertThat(refused.statusCode()).isEqualTo(302);
        AuthorizationResponse error = AuthorizationResponse.parse(URI.create(location(refused)));
        assertThat(error.indicatesSuccess()).isFalse();
        assertThat(((AuthorizationErrorResponse) error).getErrorObject().getCode()).isEqualTo("invalid_request");

        HTTPResponse pushed = Http.send(new PushedAuthorizationRequest(http.url("/api/oauth/par"), plain).toHTTPRequest());
        assertThat(pushed.getStatusCode()).isEqualTo(201);
        URI requestUri = PushedAuthorizationResponse.parse(pushed).toSuccessResponse().getRequestURI();
        HttpResponse<String> served = http.get(new AuthorizationRequest.Builder(requestUri, client)
                .endpointURI(http.url("/api/oauth/authorize")).build().toURI().toString());
        assertThat(served.statusCode()).isEqualTo(302);
        AuthorizationResponse code = AuthorizationResponse.parse(URI.create(location(served)));
        assertThat(code.indicatesSuccess()).isTrue();
        assertThat(code.toSuccessResponse().getAuthorizationCode()).isNotNull();
    }

    @Test
    void aTlsClientAuthClientAuthenticatesThroughTheTrustedProxyHeader() throws Exception { // RFC 8705 §2.1
        URI token = new Http(port).url("/api/oauth/token");
        TokenRequest request = new TokenRequest(token, new PKITLSClientAuthentication(new ClientID("mtls-app"),
                (javax.net.ssl.SSLSocketFactory) null), new ClientCredentialsGrant(), new Scope("reports"));
        HTTPRequest withCertificate = request.toHTTPRequest();
        withCertificate.setHeader("X-Client-Cert",
                URLEncoder.encode(pem("bank-app"), StandardCharsets.UTF_8));
        TokenResponse ok = TokenResponse.parse(Http.send(withCertificate));
        assertThat(ok.indicatesSuccess()).as(() -> ok.toErrorResponse().getErrorObject().toString()).isTrue();

        // another certificate's subject does not match the registered tls-subject.subject-dn (§2.1.2)
        HTTPRequest other = request.toHTTPRequest();
        other.setHeader("X-Client-Cert",
                URLEncoder.encode(pem("other-app"), StandardCharsets.UTF_8));
        HTTPResponse refused = Http.send(other);
        assertThat(refused.getStatusCode()).isEqualTo(401);
        assertThat(TokenErrorResponse.parse(refused).getErrorObject().getCode()).isEqualTo("invalid_client");
        // and without any certificate there is none
        assertThat(Http.send(request.toHTTPRequest()).getStatusCode()).isEqualTo(401);
    }

    @Test
    void theMetadataShowsTheServerWideSettings() throws Exception { // RFC 8414 §2, RFC 9449 §5.1, OIDC Discovery §3
        HttpResponse<String> r = new Http(port).get("/api/.well-known/openid-configuration");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> metadata = JSONObjectUtils.parse(r.body());
        assertThat(metadata.get("dpop_signing_alg_values_supported")).asInstanceOf(InstanceOfAssertFactories.LIST).isNotEmpty();
        assertThat(metadata.get("acr_values_supported")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly("urn:nuid:acr:password",
                "urn:nuid:acr:mfa");
        assertThat(metadata.get("id_token_signing_alg_values_supported")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly("ES256");
        assertThat(metadata.get("registration_endpoint")).isEqualTo(ISSUER + "/oauth/register");
        assertThat(metadata.get("subject_types_supported")).asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("pairwise"); // OIDC Core §8.1, from pairwise-subject-salt
        assertThat(metadata.get("require_pushed_authorization_requests")).isNotEqualTo(Boolean.TRUE);
        assertThat(metadata.get("token_endpoint_auth_methods_supported")).asInstanceOf(InstanceOfAssertFactories.LIST).contains("client_secret_basic");
    }

    @Test
    void sharedSigningKeysServeTheConfiguredAlgorithms() throws Exception {
        assertThat(signingKeys).isInstanceOf(StoredSigningKeys.class);
        JWKSet jwks = JWKSet.parse(new Http(port).get("/api/oauth/jwks").body());
        assertThat(jwks.getKeys()).extracting(k -> k.getKeyType().getValue()).contains("EC", "RSA");
    }

    @Test
    void dynamicRegistrationAnswers201WithTheInitialAccessTokenAnd401Without() throws Exception { // RFC 7591 §3
        Http http = new Http(port);
        OIDCClientMetadata metadata = new OIDCClientMetadata();
        metadata.setRedirectionURI(URI.create("https://app.example.org/cb"));
        metadata.setScope(new Scope("openid"));
        HTTPResponse created = Http.send(new OIDCClientRegistrationRequest(http.url("/api/oauth/register"), metadata,
                new BearerAccessToken(INITIAL_TOKEN)).toHTTPRequest());
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        assertThat(JSONObjectUtils.parse(created.getBody())).containsKeys("client_id", "registration_access_token");

        HTTPResponse anonymous = Http.send(new OIDCClientRegistrationRequest(http.url("/api/oauth/register"), metadata,
                null).toHTTPRequest());
        assertThat(anonymous.getStatusCode()).isEqualTo(401);
        HTTPResponse wrong = Http.send(new OIDCClientRegistrationRequest(http.url("/api/oauth/register"), metadata,
                new BearerAccessToken(SecretHash.generateSecret())).toHTTPRequest());
        assertThat(wrong.getStatusCode()).isEqualTo(401);
    }

    @Test
    void theSizeCapsComeFromProperties() throws Exception { // RFC 9700 §4 (resource limits), RFC 6749 §5.2
        Http http = new Http(port);
        HttpResponse<String> big = http.post("/api/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&scope=" + "a".repeat(3000));
        assertThat(big.statusCode()).isEqualTo(413);
        HttpResponse<String> longParameter = http.post("/api/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=dpop-app&scope=" + "a".repeat(1500));
        assertThat(longParameter.statusCode()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(longParameter.body()).get("error")).isEqualTo("invalid_request");
    }

    @Test
    void theActuatorNeverShowsANewSecret() throws Exception {
        Http http = new Http(port);
        for (String endpoint : List.of("/actuator/configprops", "/actuator/env")) {
            HttpResponse<String> r = http.get(endpoint);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as(endpoint).contains("******").doesNotContain(NONCE_SECRET, SIGNING_KEY,
                    INITIAL_TOKEN, DPOP_APP_SECRET, NEW_SECRET, OLD_SECRET, PAIRWISE_SALT, CLIENT_SECRET_KEY,
                    HMAC_APP_SECRET);
        }
        assertThat(http.get("/actuator/configprops").body()).contains("key-app", "nonceSecret");
    }

    /** A certificate as the proxy passes it: PEM (nginx's $ssl_client_escaped_cert, URL-encoded by the caller). */
    private static String pem(String name) throws Exception {
        try (var in = StrongClientPropertiesTest.class.getResourceAsStream("/certificates/" + name + ".pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static PrivateKeyJWT assertion(String clientId, ECKey key) throws Exception {
        Date now = new Date();
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(clientId),
                List.of(new Audience(ISSUER)), new Date(now.getTime() + 60_000), null, now, new JWTID());
        return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, key.toECPrivateKey(), key.getKeyID(), null);
    }

    static ECKey ecKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomBase64() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + r.statusCode()));
    }
}
