package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
 * DPoP (RFC 9449) and {@code private_key_jwt} (RFC 7523) over real HTTP: proofs and assertions made
 * with Nimbus, sent through the container and the servlet adapter to the engine. The proof's
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
}
