package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.ISSUER;
import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.SUBJECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
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
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The server-wide FAPI 2.0 Security Profile switch ({@code Builder.fapi2SecurityProfile()}): clients
 * registered without {@code ClientRequirements.fapi2} are held to the profile anyway (FAPI 2.0
 * Security Profile, Final, §5.3 and §5.4). Nimbus builds the assertions, proofs and requests and
 * parses the responses, metadata and id_tokens.
 */
class Fapi2SecurityProfileServerTest {

    static final String BANK = "bank-portal";
    static final String BANK_REDIRECT = "https://bank.example.or.id/cb";
    static final URI PAR = URI.create("https://nu.id/api/oauth/par");
    static final URI TOKEN = URI.create("https://nu.id/api/oauth/token");
    static final Set<String> FAPI_ALGS = Set.of("PS256", "ES256", "EdDSA");

    private final ECKey clientKey = PrivateKeyJwtTest.ecKey("bank-1");
    private final ECKey dpopKey = PrivateKeyJwtTest.ecKey("dpop");

    /** A plain private_key_jwt client: no FAPI requirements, not even PKCE, registered on the FAPI server. */
    private Client bank() {
        return Client.confidentialWithKeys(BANK, ClientKeys.inline(new JWKSet(clientKey.toPublicJWK()).toString()))
                .redirectUri(BANK_REDIRECT).scopes("openid", "accounts").accessTokenFormat(AccessTokenFormat.JWT)
                .build();
    }

    private TokenFixtures fapiServer(Consumer<AuthorizationServer.Builder> more) {
        return TokenFixtures.create(b -> {
            b.fapi2SecurityProfile().client(bank());
            more.accept(b);
        });
    }

    private final TokenFixtures f = fapiServer(b -> { });

    private String assertion(TokenFixtures fx) throws Exception {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(BANK),
                List.of(new Audience(ISSUER)), Date.from(fx.clock.instant().plusSeconds(60)), null,
                Date.from(fx.clock.instant()), new JWTID(UUID.randomUUID().toString()));
        return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, clientKey.toECPrivateKey(), clientKey.getKeyID(), null)
                .getClientAssertion().serialize();
    }

    private String dpop(TokenFixtures fx) throws Exception {
        return new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256)
                .createDPoPJWT(new JWTID(), "POST", TOKEN, Date.from(fx.clock.instant()), null, null).serialize();
    }

    private static EndpointResponse post(TokenFixtures fx, String path, Map<String, String> form, String dpop,
            String authorization) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        form.forEach((k, v) -> multi.put(k, List.of(v)));
        EndpointRequest.Builder b = EndpointRequest.builder("POST", path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(FormCodec.encode(multi).getBytes(StandardCharsets.UTF_8));
        if (dpop != null) {
            b.header("DPoP", dpop);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return fx.server.handle(b.build());
    }

    private static AuthorizeResult authorize(TokenFixtures fx, Map<String, String> query) {
        return fx.server.authorize(AuthorizeRequest.of(Params.singleValued(query),
                new AuthenticatedUser(SUBJECT, fx.clock.instant())).withConsent(ConsentDecision.APPROVED));
    }

    /** Pushes (RFC 9126 §2) and authorizes; returns the code and the verifier. */
    private String[] codeThroughPar(TokenFixtures fx) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        EndpointResponse pushed = post(fx, Endpoints.PUSHED_AUTHORIZATION_REQUEST, form("response_type", "code",
                "client_id", BANK, "redirect_uri", BANK_REDIRECT, "scope", "openid accounts", "nonce", "n-0S6",
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256", "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion(fx)), null, null);
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(201);
        AuthorizeResult result = authorize(fx, form("client_id", BANK, "request_uri",
                (String) json(pushed).get("request_uri")));
        assertThat(result).isInstanceOf(AuthorizeResult.Redirect.class);
        AuthorizationResponse response = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location());
        assertThat(response.getIssuer().getValue()).isEqualTo(ISSUER.toString()); // RFC 9207, §5.3.2.1 item 5
        return new String[] {response.toSuccessResponse().getAuthorizationCode().getValue(), verifier.getValue()};
    }

    private Map<String, String> codeGrant(TokenFixtures fx, String[] code) throws Exception {
        return form("grant_type", "authorization_code", "code", code[0], "redirect_uri", BANK_REDIRECT,
                "code_verifier", code[1], "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion(fx));
    }

    private static SignedJWT verified(TokenFixtures fx, String jwt, JWSAlgorithm expected) throws Exception {
        SignedJWT parsed = SignedJWT.parse(jwt);
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(expected);
        com.nimbusds.jose.jwk.JWK key = JWKSet.parse(fx.server.jwks()).getKeyByKeyId(parsed.getHeader().getKeyID());
        assertThat(key).as("the signing key is published in the JWKS").isNotNull();
        java.security.Key publicKey = com.nimbusds.jose.jwk.KeyConverter.toJavaKeys(List.of(key)).get(0);
        assertThat(parsed.verify(new com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory()
                .createJWSVerifier(parsed.getHeader(), publicKey))).isTrue();
        return parsed;
    }

    @Test
    void aKeyClientCompletesTheCodeFlowWithParPkceAndDpop_idTokenIsEs256_fapi2Section5_4_1() throws Exception {
        String[] code = codeThroughPar(f);
        EndpointResponse tokens = post(f, Endpoints.TOKEN, codeGrant(f, code), dpop(f), null);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        Map<String, Object> body = json(tokens);
        assertThat(body.get("token_type")).isEqualTo("DPoP"); // RFC 9449 §5, §5.3.2.2 item 1
        SignedJWT idToken = verified(f, (String) body.get("id_token"), JWSAlgorithm.ES256);
        assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo(SUBJECT);
        assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-0S6");
        SignedJWT accessToken = verified(f, (String) body.get("access_token"), JWSAlgorithm.ES256); // RFC 9068
        assertThat(accessToken.getJWTClaimsSet().getJSONObjectClaim("cnf")).containsKey("jkt"); // RFC 9449 §6.1
    }

    @Test
    void ps256CanBeConfiguredInstead_fapi2Section5_4_1() throws Exception {
        TokenFixtures ps = fapiServer(b -> b.idTokenSigningAlgorithm(SigningAlgorithm.PS256)
                .accessTokenSigningAlgorithm(SigningAlgorithm.PS256));
        String[] code = codeThroughPar(ps);
        EndpointResponse tokens = post(ps, Endpoints.TOKEN, codeGrant(ps, code), dpop(ps), null);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        verified(ps, (String) json(tokens).get("id_token"), JWSAlgorithm.PS256);
        assertThat(OIDCProviderMetadata.parse(ps.server.openIdConfiguration()).getIDTokenJWSAlgs())
                .containsExactly(JWSAlgorithm.PS256);
    }

    @Test
    void aBearerOnlyTokenRequestIsRefused_fapi2Section5_3_2_2Item1() throws Exception {
        String[] code = codeThroughPar(f);
        // neither a DPoP proof (RFC 9449) nor a client certificate (RFC 8705): no sender constraint
        assertError(post(f, Endpoints.TOKEN, codeGrant(f, code), null, null), 400, "invalid_dpop_proof");
    }

    @Test
    void authorizeWithoutParIsRefused_fapi2Section5_3_1_2Item1() {
        AuthorizeResult result = authorize(f, form("response_type", "code", "client_id", BANK,
                "redirect_uri", BANK_REDIRECT, "scope", "openid",
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue(),
                "code_challenge_method", "S256"));
        assertNoCode(result);
    }

    private static void assertNoCode(AuthorizeResult result) {
        assertThat(result).isNotInstanceOf(AuthorizeResult.LoginRequired.class)
                .isNotInstanceOf(AuthorizeResult.ConsentRequired.class);
        if (result instanceof AuthorizeResult.Redirect redirect) {
            assertThat(redirect.location().toString()).contains("error=").doesNotContain("code=");
        } else {
            assertThat(result).isInstanceOf(AuthorizeResult.ErrorPage.class);
            assertThat(((AuthorizeResult.ErrorPage) result).status()).isBetween(400, 499);
        }
    }

    @Test
    void aSecretClientIsRefusedAtTheTokenEndpoint_fapi2Section5_3_2_2Item4() {
        // RFC 6749 §5.2: an unknown client, as far as this server is concerned
        assertError(post(f, Endpoints.TOKEN, form("grant_type", "authorization_code", "code", "whatever",
                "redirect_uri", PORTAL_REDIRECT), null, basic(PORTAL, PORTAL_SECRET)), 401, "invalid_client");
    }

    @Test
    void aSecretClientGetsAnErrorPageAtAuthorize_fapi2Section5_3_2_2Item4() {
        AuthorizeResult result = authorize(f, form("response_type", "code", "client_id", PORTAL,
                "redirect_uri", PORTAL_REDIRECT, "scope", "profile",
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue(),
                "code_challenge_method", "S256"));
        // an unregistered client: never redirect (RFC 6749 §4.1.2.1)
        assertThat(result).isInstanceOf(AuthorizeResult.ErrorPage.class);
        assertThat(((AuthorizeResult.ErrorPage) result).status()).isBetween(400, 499);
    }

    @Test
    void aPublicClientIsRefusedToo_fapi2Section5_3_2_2Item4() {
        AuthorizeResult result = authorize(f, form("response_type", "code", "client_id", MOBILE,
                "redirect_uri", MOBILE_REDIRECT,
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue(),
                "code_challenge_method", "S256"));
        assertThat(result).isInstanceOf(AuthorizeResult.ErrorPage.class);
        assertError(post(f, Endpoints.PUSHED_AUTHORIZATION_REQUEST, form("response_type", "code",
                "client_id", MOBILE, "redirect_uri", MOBILE_REDIRECT), null, null), 401, "invalid_client");
    }

    @Test
    void clientManagementStillSeesTheStoredClients() {
        assertThat(f.server.clientManagement().find(PORTAL)).isPresent();
        Client stored = f.server.clientManagement().find(BANK).orElseThrow();
        assertThat(stored.requirements().fapi2()).isFalse(); // the view never writes its copy back
        assertThat(f.storage.clients().find(BANK).orElseThrow()).isEqualTo(bank());
    }

    @Test
    void rs256ConfiguredFailsTheBuild_fapi2Section5_4_1() {
        assertThatThrownBy(() -> fapiServer(b -> b.idTokenSigningAlgorithm(SigningAlgorithm.RS256)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FAPI 2.0")
                .hasMessageContaining("RS256");
        assertThatThrownBy(() -> fapiServer(b -> b.accessTokenSigningAlgorithm(SigningAlgorithm.RS256)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PS256, ES256 and EdDSA");
    }

    @Test
    void discoveryAdvertisesTheProfile_fapi2Section5_3And5_4_rfc8414Section2() throws Exception {
        List<ClientAuthenticationMethod> keyOrCertificate = List.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                ClientAuthenticationMethod.TLS_CLIENT_AUTH, ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
        OIDCProviderMetadata op = OIDCProviderMetadata.parse(f.server.openIdConfiguration());
        AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(f.server.authorizationServerMetadata());
        for (AuthorizationServerMetadata m : List.of(op, as)) {
            assertThat(m.requiresPushedAuthorizationRequests()).isTrue(); // RFC 9126 §5
            assertThat(m.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
            assertThat(m.getTokenEndpointAuthMethods()).containsExactlyInAnyOrderElementsOf(keyOrCertificate);
            assertThat(m.getRevocationEndpointAuthMethods()).containsExactlyInAnyOrderElementsOf(keyOrCertificate);
            assertThat(m.getIntrospectionEndpointAuthMethods()).containsExactlyInAnyOrderElementsOf(keyOrCertificate);
            for (List<JWSAlgorithm> algs : List.of(m.getTokenEndpointJWSAlgs(), m.getRevocationEndpointJWSAlgs(),
                    m.getIntrospectionEndpointJWSAlgs(), m.getDPoPJWSAlgs(), m.getRequestObjectJWSAlgs())) {
                assertThat(algs).isNotEmpty().allSatisfy(a -> assertThat(FAPI_ALGS).contains(a.getName()));
            }
        }
        assertThat(op.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.ES256);
    }

    @Test
    void withoutTheSwitchNothingChanges() throws Exception {
        TokenFixtures plain = TokenFixtures.create();
        OIDCProviderMetadata op = OIDCProviderMetadata.parse(plain.server.openIdConfiguration());
        assertThat(op.requiresPushedAuthorizationRequests()).isFalse();
        assertThat(op.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.RS256);
        assertThat(op.getTokenEndpointAuthMethods()).contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(op.getDPoPJWSAlgs()).contains(JWSAlgorithm.RS256);
    }

    @Test
    void aRefusedClientIsNamedInOneWarnPerServerAtStart_neverAtError() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TokenFixtures f = fapiServer(b -> { }); // names it at start, and never again
            for (int i = 0; i < 3; i++) {
                authorize(f, form("response_type", "code", "client_id", PORTAL, "redirect_uri", PORTAL_REDIRECT));
                post(f, Endpoints.TOKEN, form("grant_type", "client_credentials"), null, basic(PORTAL, PORTAL_SECRET));
            }
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("client " + MOBILE + " is refused as not registered");
        String warning = "client " + PORTAL + " is refused as not registered: FAPI 2.0 client " + PORTAL
                + " must be confidential and use private_key_jwt";
        assertThat(log).contains("WARN").contains(warning).doesNotContain("ERROR").doesNotContain(PORTAL_SECRET);
        assertThat(log.indexOf(warning)).isEqualTo(log.lastIndexOf(warning));
    }
}
