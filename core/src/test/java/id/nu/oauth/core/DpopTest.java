package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.ISSUER;
import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.SERVICE;
import static id.nu.oauth.core.TokenFixtures.SERVICE_SECRET;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * DPoP (RFC 9449) at the token endpoint, at introspection and at protected resources. Proofs are
 * made with Nimbus's {@link DefaultDPoPProofFactory}, an implementation independent of ours.
 */
class DpopTest {

    static final URI TOKEN = URI.create("https://nu.id/api/oauth/token");
    static final URI REFRESH = URI.create("https://nu.id/api/oauth/refreshAccessToken");
    static final URI RESOURCE = URI.create("https://portal.example.or.id/api/orders");
    static final String SERVICE_DPOP = "dpop-service";
    static final String SERVICE_DPOP_SECRET = SecretHash.generateSecret();

    private final TokenFixtures f = TokenFixtures.create(b -> b.client(Client.confidential(SERVICE_DPOP,
                    SecretHash.of(SERVICE_DPOP_SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("orders")
            .requirements(new ClientRequirements(false, false, true, false)).accessTokenFormat(AccessTokenFormat.JWT)
            .build()));
    private final ECKey key = PrivateKeyJwtTest.ecKey("dpop");
    private final DefaultDPoPProofFactory proofs = factory(key);

    private static DefaultDPoPProofFactory factory(com.nimbusds.jose.jwk.JWK key) {
        try {
            return new DefaultDPoPProofFactory(key, key instanceof RSAKey ? JWSAlgorithm.PS256 : JWSAlgorithm.ES256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String proof(String method, URI htu) throws Exception {
        return proofs.createDPoPJWT(new JWTID(), method, htu, Date.from(f.clock.instant()), null, null).serialize();
    }

    private String proof(String method, URI htu, String accessToken) throws Exception {
        return proofs.createDPoPJWT(new JWTID(), method, htu, Date.from(f.clock.instant()),
                new DPoPAccessToken(accessToken), null).serialize();
    }

    private String jkt() throws Exception {
        return key.computeThumbprint().toString();
    }

    private EndpointResponse post(String path, Map<String, String> form, String authorization, String... dpop) {
        EndpointRequest.Builder b = EndpointRequest.builder("POST", path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(FormCodec.encode(multi(form)).getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (String proof : dpop) {
            b.header("DPoP", proof);
        }
        return f.server.handle(b.build());
    }

    private static Map<String, List<String>> multi(Map<String, String> form) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        form.forEach((k, v) -> m.put(k, List.of(v)));
        return m;
    }

    private EndpointResponse clientCredentials(String clientId, String secret, String... dpop) {
        return post(Endpoints.TOKEN, form("grant_type", "client_credentials"), basic(clientId, secret), dpop);
    }

    private ResourceAccess resource(String authorization, String... dpop) {
        EndpointRequest.Builder b = EndpointRequest.builder("GET", "/orders").requestUrl(RESOURCE);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (String proof : dpop) {
            b.header("DPoP", proof);
        }
        return f.server.protectedResource(b.build(), Set.of());
    }

    @Test
    void aProofBindsTheAccessTokenAndTheTypeIsDPoP_rfc9449Section5() throws Exception {
        EndpointResponse r = clientCredentials(SERVICE, SERVICE_SECRET, proof("POST", TOKEN));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("token_type")).isEqualTo("DPoP");
        String token = (String) json(r).get("access_token");
        // §6.2: introspection tells the key
        EndpointResponse i = f.server.introspect(EndpointRequest.of(form("token", token), basic(SERVICE, SERVICE_SECRET)));
        assertThat(json(i).get("token_type")).isEqualTo("DPoP");
        assertThat(json(i).get("cnf")).isEqualTo(Map.of("jkt", jkt()));
    }

    @Test
    void aJwtAccessTokenCarriesCnfJkt_rfc9449Section6_1() throws Exception {
        EndpointResponse r = clientCredentials(SERVICE_DPOP, SERVICE_DPOP_SECRET, proof("POST", TOKEN));
        SignedJWT jwt = SignedJWT.parse((String) json(r).get("access_token"));
        JWKThumbprintConfirmation cnf = JWKThumbprintConfirmation.parse(jwt.getJWTClaimsSet());
        assertThat(cnf.getValue().toString()).isEqualTo(jkt());
    }

    @Test
    void withoutAProofTokensStayBearer() {
        EndpointResponse r = clientCredentials(SERVICE, SERVICE_SECRET);
        assertThat(json(r).get("token_type")).isEqualTo("Bearer");
    }

    @Test
    void aClientThatRequiresDpopIsRefusedWithoutAProof_rfc9449Section5_2() {
        assertError(clientCredentials(SERVICE_DPOP, SERVICE_DPOP_SECRET), 400, "invalid_dpop_proof");
    }

    @Test
    void aReplayedProofIsRefused_rfc9449Section11_1() throws Exception {
        String once = proof("POST", TOKEN);
        assertThat(clientCredentials(SERVICE, SERVICE_SECRET, once).status()).isEqualTo(200);
        assertError(clientCredentials(SERVICE, SERVICE_SECRET, once), 400, "invalid_dpop_proof");
    }

    @Test
    void theProofMustMatchMethodUrlAndTime_rfc9449Section4_3() throws Exception {
        assertError(clientCredentials(SERVICE, SERVICE_SECRET, proof("GET", TOKEN)), 400, "invalid_dpop_proof");
        assertError(clientCredentials(SERVICE, SERVICE_SECRET, proof("POST", URI.create("https://nu.id/api/oauth/other"))),
                400, "invalid_dpop_proof");
        // htu ignores query and fragment, and the default port
        JWTClaimsSet withQuery = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", "POST")
                .claim("htu", "https://NU.ID:443/api/oauth/token?x=1").issueTime(Date.from(f.clock.instant())).build();
        SignedJWT queryProof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(DpopProofs.DPOP_JWT)
                .jwk(key.toPublicJWK()).build(), withQuery);
        queryProof.sign(new ECDSASigner(key));
        assertThat(clientCredentials(SERVICE, SERVICE_SECRET, queryProof.serialize()).status()).isEqualTo(200);
        String old = proof("POST", TOKEN);
        f.clock.advance(Duration.ofMinutes(2));
        assertError(clientCredentials(SERVICE, SERVICE_SECRET, old), 400, "invalid_dpop_proof");
    }

    @Test
    void typAlgJwkAndSignatureAreChecked_rfc9449Section4_3() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", "POST")
                .claim("htu", TOKEN.toString()).issueTime(Date.from(f.clock.instant())).build();
        SignedJWT wrongTyp = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .jwk(key.toPublicJWK()).build(), claims);
        wrongTyp.sign(new ECDSASigner(key));
        assertError(clientCredentials(SERVICE, SERVICE_SECRET, wrongTyp.serialize()), 400, "invalid_dpop_proof");
        SignedJWT otherKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(DpopProofs.DPOP_JWT)
                .jwk(PrivateKeyJwtTest.ecKey("x").toPublicJWK()).build(), claims);
        otherKey.sign(new ECDSASigner(key));
        assertError(clientCredentials(SERVICE, SERVICE_SECRET, otherKey.serialize()), 400, "invalid_dpop_proof");
        SignedJWT noJwk = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(DpopProofs.DPOP_JWT)
                .keyID("dpop").build(), claims);
        noJwk.sign(new ECDSASigner(key));
        assertError(clientCredentials(SERVICE, SERVICE_SECRET, noJwk.serialize()), 400, "invalid_dpop_proof");
        assertError(clientCredentials(SERVICE, SERVICE_SECRET, "garbage"), 400, "invalid_dpop_proof");
        assertError(clientCredentials(SERVICE, SERVICE_SECRET, proof("POST", TOKEN), proof("POST", TOKEN)),
                400, "invalid_dpop_proof");
    }

    @Test
    void anRsaKeyWithPs256Works() throws Exception {
        RSAKey rsa = PrivateKeyJwtTest.rsaKey("r");
        String p = factory(rsa).createDPoPJWT(new JWTID(), "POST", TOKEN, Date.from(f.clock.instant()), null, null)
                .serialize();
        assertThat(json(clientCredentials(SERVICE, SERVICE_SECRET, p)).get("token_type")).isEqualTo("DPoP");
    }

    @Test
    void aBoundTokenNeedsTheDpopSchemeAndAProofWithAth_rfc9449Section7() throws Exception {
        String token = (String) json(clientCredentials(SERVICE, SERVICE_SECRET, proof("POST", TOKEN))).get("access_token");
        assertThat(resource("DPoP " + token, proof("GET", RESOURCE, token))).isInstanceOf(ResourceAccess.Granted.class);

        // §7.2: never as a bearer token, in-process or over the filter
        ResourceAccess asBearer = resource("Bearer " + token);
        assertThat(asBearer).isInstanceOf(ResourceAccess.Denied.class);
        assertThat(((ResourceAccess.Denied) asBearer).response().status()).isEqualTo(401);
        // §7.1: the challenge tells the client the token needs the DPoP scheme and which algorithms
        assertThat(((ResourceAccess.Denied) asBearer).response().headers().get("WWW-Authenticate")).startsWith("DPoP ")
                .contains("error=\"invalid_token\"").contains("algs=\"ES256 EdDSA PS256 RS256\"");
        assertThat(f.server.validateAccessToken(token)).isInstanceOf(AccessTokenValidation.Inactive.class);

        // no proof, a proof without ath, a proof for another URL, or of another key
        assertDpopDenied(resource("DPoP " + token));
        assertDpopDenied(resource("DPoP " + token, proof("GET", RESOURCE)));
        assertDpopDenied(resource("DPoP " + token, proof("GET", URI.create("https://elsewhere.example/x"), token)));
        String foreign = factory(PrivateKeyJwtTest.ecKey("y")).createDPoPJWT(new JWTID(), "GET", RESOURCE,
                Date.from(f.clock.instant()), new DPoPAccessToken(token), null).serialize();
        assertDpopDenied(resource("DPoP " + token, foreign));
    }

    private static void assertDpopDenied(ResourceAccess access) {
        assertThat(access).isInstanceOf(ResourceAccess.Denied.class);
        EndpointResponse r = ((ResourceAccess.Denied) access).response();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate")).startsWith("DPoP ").contains("error=\"invalid_dpop_proof\"")
                .contains("algs=\"ES256 EdDSA PS256 RS256\"");
    }

    @Test
    void aBearerTokenIsNotAcceptedWithTheDpopScheme() throws Exception {
        String token = (String) json(clientCredentials(SERVICE, SERVICE_SECRET)).get("access_token");
        assertThat(resource("Bearer " + token)).isInstanceOf(ResourceAccess.Granted.class);
        assertThat(resource("DPoP " + token, proof("GET", RESOURCE, token))).isInstanceOf(ResourceAccess.Denied.class);
    }

    @Test
    void publicClientsRefreshTokensAreBoundToTheKey_rfc9449Section5() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        String code = f.authorize(form("response_type", "code", "client_id", MOBILE, "redirect_uri", MOBILE_REDIRECT,
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256"));
        EndpointResponse r = post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", code,
                "redirect_uri", MOBILE_REDIRECT, "client_id", MOBILE, "code_verifier", verifier.getValue()), null,
                proof("POST", TOKEN));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String refresh = (String) json(r).get("refresh_token");
        // without a proof, or with another key, the refresh token is useless to a thief
        assertError(post(Endpoints.REFRESH, form("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", MOBILE), null), 400, "invalid_grant");
        String thief = factory(PrivateKeyJwtTest.ecKey("t")).createDPoPJWT(new JWTID(), "POST", REFRESH,
                Date.from(f.clock.instant()), null, null).serialize();
        assertError(post(Endpoints.REFRESH, form("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", MOBILE), null, thief), 400, "invalid_grant");
        EndpointResponse refreshed = post(Endpoints.REFRESH, form("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", MOBILE), null, proof("POST", REFRESH));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(json(refreshed).get("token_type")).isEqualTo("DPoP");
    }

    @Test
    void confidentialClientsRefreshTokensAreBoundByClientAuthentication_rfc9449Section5() throws Exception {
        EndpointResponse r = post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", f.portalCode(),
                "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET), proof("POST", TOKEN));
        String refresh = (String) json(r).get("refresh_token");
        EndpointResponse plain = post(Endpoints.TOKEN, form("grant_type", "refresh_token", "refresh_token", refresh),
                basic(PORTAL, PORTAL_SECRET));
        assertThat(json(plain).get("token_type")).isEqualTo("Bearer");
    }

    @Test
    void dpopJktBindsTheCodeToTheKey_rfc9449Section10() throws Exception {
        String code = f.authorize(form("response_type", "code", "client_id", PORTAL, "redirect_uri", PORTAL_REDIRECT,
                "dpop_jkt", jkt()));
        assertError(post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", code,
                "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET)), 400, "invalid_grant");
        String code2 = f.authorize(form("response_type", "code", "client_id", PORTAL, "redirect_uri", PORTAL_REDIRECT,
                "dpop_jkt", jkt()));
        EndpointResponse r = post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", code2,
                "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET), proof("POST", TOKEN));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        AuthorizeResult bad = f.server.authorize(AuthorizeRequest.of(Params.singleValued(form("response_type", "code",
                "client_id", PORTAL, "redirect_uri", PORTAL_REDIRECT, "dpop_jkt", "short")),
                new AuthenticatedUser(TokenFixtures.SUBJECT, f.clock.instant())));
        assertThat(bad).isInstanceOf(AuthorizeResult.Redirect.class);
        assertThat(((AuthorizeResult.Redirect) bad).location().toString()).contains("error=invalid_request");
    }

    @Test
    void serverNoncesAreRequiredWhenConfigured_rfc9449Section8() throws Exception {
        TokenFixtures withNonces = TokenFixtures.create(b -> b.dpopNonces(new byte[32]));
        DefaultDPoPProofFactory p = proofs;
        EndpointRequest.Builder first = EndpointRequest.builder("POST", Endpoints.TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(SERVICE, SERVICE_SECRET))
                .header("DPoP", p.createDPoPJWT(new JWTID(), "POST", TOKEN, Date.from(withNonces.clock.instant()), null,
                        null).serialize())
                .body("grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII));
        EndpointResponse challenge = withNonces.server.handle(first.build());
        assertError(challenge, 400, "use_dpop_nonce");
        String nonce = challenge.headers().get("DPoP-Nonce");
        assertThat(nonce).isNotBlank();
        EndpointResponse ok = withNonces.server.handle(EndpointRequest.builder("POST", Endpoints.TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(SERVICE, SERVICE_SECRET))
                .header("DPoP", p.createDPoPJWT(new JWTID(), "POST", TOKEN, Date.from(withNonces.clock.instant()), null,
                        new Nonce(nonce)).serialize())
                .body("grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII)).build());
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().get("DPoP-Nonce")).isNotBlank();
        // another node with the same secret accepts it; the nonce expires after two periods
        TokenFixtures otherNode = TokenFixtures.create(b -> b.dpopNonces(new byte[32]));
        assertThat(new DpopNonces(new byte[32], otherNode.clock).valid(nonce)).isTrue();
        otherNode.clock.advance(DpopNonces.PERIOD.multipliedBy(2));
        assertThat(new DpopNonces(new byte[32], otherNode.clock).valid(nonce)).isFalse();
        assertThat(new DpopNonces(new byte[32], withNonces.clock).valid("A".repeat(32))).isFalse();
    }

    @Test
    void metadataAdvertisesTheAlgorithms_rfc9449Section5_1() {
        Map<String, Object> metadata = json(f.server.handle(EndpointRequest.builder("GET", Endpoints.OAUTH_METADATA).build()));
        assertThat(metadata.get("dpop_signing_alg_values_supported").toString()).isEqualTo("[ES256, EdDSA, PS256, RS256]");
        assertThat(ISSUER.toString()).isEqualTo("https://nu.id/api");
    }

    static final URI PAR = URI.create("https://nu.id/api/oauth/par");

    @Test
    void aProofOnThePushBindsTheCodeToTheKey_rfc9449Section10_1() throws Exception {
        EndpointResponse pushed = post(Endpoints.PUSHED_AUTHORIZATION_REQUEST, form("response_type", "code",
                "client_id", PORTAL, "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET), proof("POST", PAR));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(201);
        String code = f.authorize(form("client_id", PORTAL, "request_uri", (String) json(pushed).get("request_uri")));
        // without a proof of that key the code is refused (and spent)
        assertError(post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", code,
                "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET)), 400, "invalid_grant");

        EndpointResponse again = post(Endpoints.PUSHED_AUTHORIZATION_REQUEST, form("response_type", "code",
                "client_id", PORTAL, "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET), proof("POST", PAR));
        String code2 = f.authorize(form("client_id", PORTAL, "request_uri", (String) json(again).get("request_uri")));
        EndpointResponse tokens = post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", code2,
                "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET), proof("POST", TOKEN));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(json(tokens).get("token_type")).isEqualTo("DPoP");
    }

    @Test
    void aPushWhoseDpopJktIsNotTheProofsKeyIsRefused_rfc9449Section10_1() throws Exception {
        String otherJkt = PrivateKeyJwtTest.ecKey("other").computeThumbprint().toString();
        EndpointResponse pushed = post(Endpoints.PUSHED_AUTHORIZATION_REQUEST, form("response_type", "code",
                "client_id", PORTAL, "redirect_uri", PORTAL_REDIRECT, "dpop_jkt", otherJkt),
                basic(PORTAL, PORTAL_SECRET), proof("POST", PAR));
        assertError(pushed, 400, "invalid_dpop_proof");
        assertError(post(Endpoints.PUSHED_AUTHORIZATION_REQUEST, form("response_type", "code",
                "client_id", PORTAL, "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET), "garbage"),
                400, "invalid_dpop_proof");
    }
}
