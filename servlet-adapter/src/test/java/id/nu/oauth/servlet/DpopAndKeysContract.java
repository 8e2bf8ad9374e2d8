package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DPoP (RFC 9449), {@code private_key_jwt} and {@code client_secret_jwt} (RFC 7523) over real HTTP:
 * proofs and assertions made with Nimbus, sent through the container and the servlet adapter to the engine. The proof's
 * {@code htu} is the URL the client called (the container's), which the adapter hands to the engine.
 */
abstract class DpopAndKeysContract extends ContainerTestBase {

    private final ECKey key = newKey("client-dpop");
    private final DefaultDPoPProofFactory proofs = factory(key);

    DpopAndKeysContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    private static ECKey newKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DefaultDPoPProofFactory factory(ECKey key) {
        try {
            return new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Date now() {
        return Date.from(portal.clock.instant());
    }

    private String proof(Browser b, String method, String path, String accessToken) throws Exception {
        return proofs.createDPoPJWT(new JWTID(), method, b.app(path), now(),
                accessToken == null ? null : new DPoPAccessToken(accessToken), null).serialize();
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> machineToken(Browser b, String... dpop) {
        String[] headers = dpop.length == 0
                ? new String[] {"Authorization", basic(TestPortal.MACHINE, TestPortal.MACHINE_SECRET)}
                : new String[] {"Authorization", basic(TestPortal.MACHINE, TestPortal.MACHINE_SECRET), "DPoP", dpop[0]};
        return b.postForm("/api/oauth/token", "grant_type=client_credentials", headers);
    }

    @Test
    void aDpopBoundTokenWorksOnlyWithAProofOfItsKey_rfc9449Sections5And7() throws Exception {
        Browser b = browser();
        HttpResponse<String> issued = machineToken(b, proof(b, "POST", "/api/oauth/token", null));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(json(issued).get("token_type")).isEqualTo("DPoP");
        String token = (String) json(issued).get("access_token");

        HttpResponse<String> ok = b.get("/any", "Authorization", "DPoP " + token, "DPoP", proof(b, "GET", "/any", token));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

        HttpResponse<String> asBearer = b.get("/any", "Authorization", "Bearer " + token);
        assertThat(asBearer.statusCode()).isEqualTo(401);
        assertThat(asBearer.headers().firstValue("WWW-Authenticate").orElseThrow()) // RFC 9449 §7.1, §7.2
                .startsWith("DPoP ").contains("error=\"invalid_token\"").contains("algs=");
        HttpResponse<String> noProof = b.get("/any", "Authorization", "DPoP " + token);
        assertThat(noProof.statusCode()).isEqualTo(401);
        assertThat(noProof.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("DPoP ").contains("error=\"invalid_dpop_proof\"").contains("algs=");
        HttpResponse<String> otherUrl = b.get("/any", "Authorization", "DPoP " + token, "DPoP",
                proof(b, "GET", "/me", token));
        assertThat(otherUrl.statusCode()).isEqualTo(401);
    }

    @Test
    void aReplayedProofIsRefused_rfc9449Section11_1() throws Exception {
        Browser b = browser();
        String once = proof(b, "POST", "/api/oauth/token", null);
        assertThat(machineToken(b, once).statusCode()).isEqualTo(200);
        assertError(machineToken(b, once), 400, "invalid_dpop_proof");
    }

    @Test
    void aProofForAnotherMethodOrUrlIsRefused_rfc9449Section4_3() throws Exception {
        Browser b = browser();
        assertError(machineToken(b, proof(b, "GET", "/api/oauth/token", null)), 400, "invalid_dpop_proof");
        assertError(machineToken(b, proof(b, "POST", "/api/oauth/revoke", null)), 400, "invalid_dpop_proof");
        assertError(machineToken(b, "not.a.jwt"), 400, "invalid_dpop_proof");
    }

    private String assertion(ECKey signer, String jti) throws Exception {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(TestPortal.KEYED),
                List.of(new Audience(URI.create("https://nu.id/api"))), new Date(now().getTime() + 60_000), null, now(),
                new JWTID(jti));
        return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, signer.toECPrivateKey(), signer.getKeyID(), null)
                .getClientAssertion().serialize();
    }

    private HttpResponse<String> bankToken(Browser b, String assertion) {
        return b.postForm("/api/oauth/token", Browser.form("grant_type", "client_credentials",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion));
    }

    @Test
    void privateKeyJwtAuthenticatesOnceAndOnlyWithTheRegisteredKey_rfc7523Section3() throws Exception {
        Browser b = browser();
        String assertion = assertion(TestPortal.KEYED_KEY, "http-1-" + System.nanoTime());
        HttpResponse<String> ok = bankToken(b, assertion);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        HttpResponse<String> replay = bankToken(b, assertion);
        assertError(replay, 401, "invalid_client");
        assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic ");
        assertError(bankToken(b, assertion(newKey("keyed-1"), "http-2-" + System.nanoTime())), 401, "invalid_client");
    }

    @Test
    void anAssertionAcceptedAtTheTokenEndpointIsRefusedAtIntrospectionRevocationAndPar_rfc7523Section3Item7()
            throws Exception {
        Browser b = browser();
        String assertion = assertion(TestPortal.KEYED_KEY, "http-cross-" + System.nanoTime());
        HttpResponse<String> ok = bankToken(b, assertion);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String token = (String) json(ok).get("access_token");
        for (String endpoint : List.of("/api/oauth/introspect", "/api/oauth/revoke", "/api/oauth/par")) {
            HttpResponse<String> replay = b.postForm(endpoint, Browser.form("token", token, "response_type", "code",
                    "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    "client_assertion", assertion));
            assertError(replay, 401, "invalid_client");
            assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow()).as(endpoint).startsWith("Basic ");
        }
        // the refused replays revoked nothing: a fresh assertion still finds the token active
        HttpResponse<String> check = b.postForm("/api/oauth/introspect", Browser.form("token", token,
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion(TestPortal.KEYED_KEY, "http-cross-check-" + System.nanoTime())));
        assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
        assertThat(json(check).get("active")).isEqualTo(true);
    }

    @Test
    void metadataAdvertisesDpopAndPrivateKeyJwt() {
        HttpResponse<String> r = browser().get("/api/.well-known/oauth-authorization-server");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("dpop_signing_alg_values_supported").toString()).contains("ES256");
        assertThat(json(r).get("token_endpoint_auth_methods_supported").toString()).contains("private_key_jwt");
    }

    // ---------------------------------------------------------------- client_secret_jwt (RFC 7523 §2.2)

    private JWTAuthenticationClaimsSet hmacClaims(String clientId, String audience) {
        return new JWTAuthenticationClaimsSet(new ClientID(clientId), List.of(new Audience(URI.create(audience))),
                new Date(now().getTime() + 60_000), null, now(), new JWTID());
    }

    /** Nimbus's client_secret_jwt: the claims signed by its MACSigner with the secret. */
    private String hmacAssertion(String clientId, String secret, String audience) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), hmacClaims(clientId, audience).toJWTClaimsSet());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return new ClientSecretJWT(jwt).getClientAssertion().serialize();
    }

    private String hmacAssertion() throws Exception {
        return hmacAssertion(TestPortal.HMAC, TestPortal.HMAC_SECRET, "https://nu.id/api");
    }

    private static HttpResponse<String> post(Browser b, String path, String assertion, String... form) {
        String[] all = java.util.Arrays.copyOf(form, form.length + 4);
        all[form.length] = "client_assertion_type";
        all[form.length + 1] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        all[form.length + 2] = "client_assertion";
        all[form.length + 3] = assertion;
        return b.postForm(path, Browser.form(all));
    }

    private static void assertInvalidClient(HttpResponse<String> r) {
        assertError(r, 401, "invalid_client");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic ");
    }

    @Test
    void clientSecretJwtAuthenticatesOnceAndOnlyWithTheClientsSecret_rfc7523Section3() throws Exception {
        Browser b = browser();
        String assertion = hmacAssertion();
        HttpResponse<String> ok = post(b, "/api/oauth/token", assertion, "grant_type", "client_credentials");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).doesNotContain(TestPortal.HMAC_SECRET);
        // OpenID Connect Core §9: the jti once
        assertInvalidClient(post(b, "/api/oauth/token", assertion, "grant_type", "client_credentials"));
        // another secret; a client that did not register client_secret_jwt (the portal, with its own secret)
        assertInvalidClient(post(b, "/api/oauth/token", hmacAssertion(TestPortal.HMAC, id.nu.oauth.client.SecretHash.generateSecret(),
                "https://nu.id/api"), "grant_type", "client_credentials"));
        assertInvalidClient(post(b, "/api/oauth/token", hmacAssertion(TestPortal.PORTAL, TestPortal.PORTAL_SECRET,
                "https://nu.id/api"), "grant_type", "client_credentials"));
        // alg none, and an asymmetric signature under a key the client never registered
        assertInvalidClient(post(b, "/api/oauth/token", new PlainJWT(hmacClaims(TestPortal.HMAC, "https://nu.id/api")
                .toJWTClaimsSet()).serialize(), "grant_type", "client_credentials"));
        ECKey stranger = newKey("stranger");
        assertInvalidClient(post(b, "/api/oauth/token", new PrivateKeyJWT(hmacClaims(TestPortal.HMAC,
                "https://nu.id/api"), JWSAlgorithm.ES256, stranger.toECPrivateKey(), stranger.getKeyID(), null)
                .getClientAssertion().serialize(), "grant_type", "client_credentials"));
    }

    @Test
    void clientSecretJwtWorksAtIntrospectionRevocationParAndTheNuidRefreshEndpoint_rfc7523Section2_2() throws Exception {
        Browser b = browser();
        HttpResponse<String> issued = post(b, "/api/oauth/token", hmacAssertion(), "grant_type", "client_credentials");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String token = (String) json(issued).get("access_token");

        HttpResponse<String> introspection = post(b, "/api/oauth/introspect",
                hmacAssertion(TestPortal.HMAC, TestPortal.HMAC_SECRET, "https://nu.id/api/oauth/introspect"), "token", token);
        assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(200);
        assertThat(json(introspection).get("active")).isEqualTo(true);

        HttpResponse<String> par = post(b, "/api/oauth/par", hmacAssertion(), "response_type", "code",
                "redirect_uri", TestPortal.HMAC_REDIRECT, "scope", "profile");
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);

        // an authenticated client with an unknown refresh token gets invalid_grant (400), not invalid_client
        HttpResponse<String> refresh = post(b, "/api/oauth/refreshAccessToken", hmacAssertion(),
                "grant_type", "refresh_token", "refresh_token", "not-a-refresh-token");
        assertError(refresh, 400, "invalid_grant");
        assertInvalidClient(post(b, "/api/oauth/refreshAccessToken", hmacAssertion(TestPortal.HMAC,
                id.nu.oauth.client.SecretHash.generateSecret(), "https://nu.id/api"), "grant_type", "refresh_token", "refresh_token", "x"));

        HttpResponse<String> revoked = post(b, "/api/oauth/revoke", hmacAssertion(), "token", token);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        HttpResponse<String> after = post(b, "/api/oauth/introspect", hmacAssertion(), "token", token);
        assertThat(json(after).get("active")).isEqualTo(false);
    }

    @Test
    void metadataAdvertisesClientSecretJwtAndItsAlgorithmsWhenTheHostGaveTheKey_rfc8414Section2() {
        HttpResponse<String> r = browser().get("/api/.well-known/oauth-authorization-server");
        assertThat(r.statusCode()).isEqualTo(200);
        for (String endpoint : List.of("token", "introspection", "revocation")) {
            assertThat(json(r).get(endpoint + "_endpoint_auth_methods_supported").toString()).contains("client_secret_jwt");
            assertThat(json(r).get(endpoint + "_endpoint_auth_signing_alg_values_supported").toString())
                    .contains("HS256", "HS384", "HS512", "ES256");
        }
    }
}
