package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The server-wide FAPI 2.0 Security Profile switch over HTTP: the discovery documents, a secret
 * client refused, and a key client that gets a code only through PAR and tokens only with DPoP
 * (FAPI 2.0 Security Profile, Final, §5.3 and §5.4). Nimbus makes the assertions and proofs and
 * parses the metadata.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Fapi2ServerContract {

    static final String SECRET_CLIENT = "portal";
    static final String SECRET = SecretHash.generateSecret();
    static final String BANK = "bank-portal";
    static final String REDIRECT = "https://bank.example.or.id/cb";

    private final TestContainer.Kind kind;
    private final String contextPath;
    private final ECKey clientKey = ecKey("bank-1");
    private final ECKey dpopKey = ecKey("dpop");
    private TestContainer container;
    private URI issuer;

    Fapi2ServerContract(TestContainer.Kind kind, String contextPath) {
        this.kind = kind;
        this.contextPath = contextPath;
    }

    private static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    void start() throws Exception {
        container = kind.start(contextPath, origin -> {
            issuer = URI.create(origin + contextPath + "/api");
            AuthorizationServer server = AuthorizationServer.builder()
                    .issuer(issuer)
                    .fapi2SecurityProfile()
                    .client(Client.confidential(SECRET_CLIENT, SecretHash.of(SECRET)).redirectUri(REDIRECT)
                            .requirePkce(true).scopes("openid").build())
                    .client(Client.confidentialWithKeys(BANK, ClientKeys.inline(new JWKSet(clientKey.toPublicJWK())
                            .toString())).redirectUri(REDIRECT).scopes("openid").firstParty(true).build())
                    .build();
            OAuthEndpoints endpoints = OAuthEndpoints.builder(server).basePath("/api")
                    .userResolver(request -> new AuthenticatedUser("user-1", Instant.now()))
                    .loginPage("/login").build();
            return TestContainer.Mount.app(endpoints::register);
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private String assertion() throws Exception {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(BANK),
                List.of(new Audience(issuer)), new Date(System.currentTimeMillis() + 60_000), null, new Date(),
                new JWTID(UUID.randomUUID().toString()));
        return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, clientKey.toECPrivateKey(), clientKey.getKeyID(), null)
                .getClientAssertion().serialize();
    }

    private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return JSONObjectUtils.parse(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(r)).containsEntry("error", error);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void discoveryAdvertisesTheProfile_fapi2Section5_rfc8414Section3() throws Exception {
        Browser b = new Browser(container);
        HttpResponse<String> openid = b.get("/api/.well-known/openid-configuration");
        HttpResponse<String> oauth = b.get("/api/.well-known/oauth-authorization-server");
        assertThat(openid.statusCode()).isEqualTo(200);
        assertThat(oauth.statusCode()).isEqualTo(200);
        OIDCProviderMetadata op = OIDCProviderMetadata.parse(openid.body());
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(oauth.body());
        for (AuthorizationServerMetadata m : List.of(op, as)) {
            assertThat(m.requiresPushedAuthorizationRequests()).isTrue();
            assertThat(m.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
            assertThat(m.getTokenEndpointAuthMethods()).containsExactlyInAnyOrder(
                    ClientAuthenticationMethod.PRIVATE_KEY_JWT, ClientAuthenticationMethod.TLS_CLIENT_AUTH,
                    ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
            assertThat(m.getDPoPJWSAlgs()).doesNotContain(JWSAlgorithm.RS256).contains(JWSAlgorithm.ES256);
            assertThat(m.getTokenEndpointJWSAlgs()).doesNotContain(JWSAlgorithm.RS256);
        }
        assertThat(op.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.ES256);
    }

    @Test
    void aSecretClientIsRefused_fapi2Section5_3_2_2Item4() throws Exception {
        Browser b = new Browser(container);
        assertError(b.postForm("/api/oauth/token", Browser.form("grant_type", "authorization_code", "code", "x",
                "redirect_uri", REDIRECT), "Authorization", basic(SECRET_CLIENT, SECRET)), 401, "invalid_client");
        assertError(b.postForm("/api/oauth/par", Browser.form("response_type", "code", "redirect_uri", REDIRECT,
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue(),
                "code_challenge_method", "S256"), "Authorization", basic(SECRET_CLIENT, SECRET)), 401, "invalid_client");
    }

    @Test
    void aKeyClientGetsACodeOnlyThroughParAndTokensOnlyWithDpop_fapi2Section5_3_1_2And5_3_2_2() throws Exception {
        Browser b = new Browser(container);
        CodeVerifier verifier = new CodeVerifier();
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
        // RFC 9126 §5: without a pushed request, no code
        HttpResponse<String> direct = b.get("/api/oauth/authorize?" + Browser.form("response_type", "code",
                "client_id", BANK, "redirect_uri", REDIRECT, "scope", "openid", "code_challenge", challenge,
                "code_challenge_method", "S256"));
        assertThat(direct.statusCode()).as(direct.body()).isIn(302, 400);
        assertThat(direct.headers().firstValue("Location").orElse("")).doesNotContain("code=");

        HttpResponse<String> pushed = b.postForm("/api/oauth/par", Browser.form("response_type", "code",
                "client_id", BANK, "redirect_uri", REDIRECT, "scope", "openid", "nonce", "n-1",
                "code_challenge", challenge, "code_challenge_method", "S256",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion()));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        HttpResponse<String> authorized = b.get("/api/oauth/authorize?" + Browser.form("client_id", BANK,
                "request_uri", (String) json(pushed).get("request_uri")));
        assertThat(authorized.statusCode()).as(authorized.body()).isEqualTo(302);
        String code = AuthorizationResponse.parse(URI.create(authorized.headers().firstValue("Location").orElseThrow()))
                .toSuccessResponse().getAuthorizationCode().getValue();

        String[] grant = {"grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
            "code_verifier", verifier.getValue(),
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"};
        // a bearer-only request (no DPoP proof, no client certificate) is refused, and the code stays usable
        assertError(b.postForm("/api/oauth/token", Browser.form(concat(grant, "client_assertion", assertion()))),
                400, "invalid_dpop_proof");
        String proof = new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256).createDPoPJWT(new JWTID(), "POST",
                b.app("/api/oauth/token"), new Date(), null, null).serialize();
        HttpResponse<String> tokens = b.postForm("/api/oauth/token",
                Browser.form(concat(grant, "client_assertion", assertion())), "DPoP", proof);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(json(tokens)).containsEntry("token_type", "DPoP");
        assertThat(SignedJWT.parse((String) json(tokens).get("id_token")).getHeader().getAlgorithm())
                .isEqualTo(JWSAlgorithm.ES256);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
