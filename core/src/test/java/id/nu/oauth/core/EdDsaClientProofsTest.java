package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.ISSUER;
import static id.nu.oauth.core.TokenFixtures.SERVICE;
import static id.nu.oauth.core.TokenFixtures.SERVICE_SECRET;
import static id.nu.oauth.core.TokenFixtures.TOKEN_URI;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.dpop.DPoPUtils;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.GrantType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * EdDSA with Ed25519 keys (RFC 8037) for what clients sign: {@code private_key_jwt} assertions
 * (RFC 7523) and DPoP proofs (RFC 9449), both allowed by FAPI 2.0 §5.4.1. The claims and the JWS
 * framing are Nimbus's; the Ed25519 signature is the JDK's (Nimbus's own Ed25519 signer needs Google
 * Tink, which nuid-oauth does not ship).
 */
class EdDsaClientProofsTest {

    static final String ED_CLIENT = "ed-bank";
    private final OctetKeyPair key = ((OctetKeyPair) Jose.generate(SigningAlgorithm.EdDSA));
    private final OctetKeyPair stranger = ((OctetKeyPair) Jose.generate(SigningAlgorithm.EdDSA));
    private final TokenFixtures f = TokenFixtures.create(b -> b.client(Client.confidentialWithKeys(ED_CLIENT,
            ClientKeys.inline(new JWKSet(key.toPublicJWK()).toString())).grantTypes(GrantType.CLIENT_CREDENTIALS)
            .scopes("accounts").build()));

    private static String sign(OctetKeyPair signer, JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(Jose.signer(signer, SigningAlgorithm.EdDSA));
        return jwt.serialize();
    }

    private String assertion(OctetKeyPair signer, String kid) throws Exception {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(ED_CLIENT),
                List.of(new Audience(TOKEN_URI)), Date.from(f.clock.instant().plus(Duration.ofMinutes(1))), null,
                Date.from(f.clock.instant()), new JWTID(UUID.randomUUID().toString()));
        return sign(signer, new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(kid).build(), claims.toJWTClaimsSet());
    }

    private EndpointResponse withAssertion(String assertion) {
        return f.token(form("grant_type", "client_credentials", "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion));
    }

    @Test
    void anEd25519ClientAssertionAuthenticates_rfc8037_rfc7523Section3() throws Exception {
        EndpointResponse r = withAssertion(assertion(key, key.getKeyID()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void anEd25519AssertionSignedByAnotherKeyIsInvalidClient_rfc7523Section3Item9() throws Exception {
        assertError(withAssertion(assertion(stranger, key.getKeyID())), 401, "invalid_client");
        // a signature that is not even 64 bytes
        String good = assertion(key, key.getKeyID());
        assertError(withAssertion(good.substring(0, good.lastIndexOf('.') + 1) + "AAAA"), 401, "invalid_client");
    }

    private String proof(OctetKeyPair signer, URI htu) throws Exception {
        JWTClaimsSet claims = DPoPUtils.createJWTClaimsSet(new JWTID(), "POST", htu, Date.from(f.clock.instant()),
                null, null);
        return sign(signer, new JWSHeader.Builder(JWSAlgorithm.EdDSA).type(new JOSEObjectType("dpop+jwt"))
                .jwk(signer.toPublicJWK()).build(), claims);
    }

    private EndpointResponse dpopToken(String proof) {
        return f.server.handle(EndpointRequest.builder("POST", Endpoints.TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(SERVICE, SERVICE_SECRET)).header("DPoP", proof)
                .body("grant_type=client_credentials".getBytes(StandardCharsets.UTF_8)).build());
    }

    @Test
    void anEd25519DpopProofBindsTheToken_rfc9449Section4_rfc8037() throws Exception {
        EndpointResponse r = dpopToken(proof(key, TOKEN_URI));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("token_type")).isEqualTo("DPoP");
        EndpointResponse i = f.server.introspect(EndpointRequest.of(form("token", (String) json(r).get("access_token")),
                basic(SERVICE, SERVICE_SECRET)));
        assertThat(json(i).get("cnf")).isEqualTo(Map.of("jkt", key.toPublicJWK().computeThumbprint().toString()));
    }

    @Test
    void anEd25519ProofWhoseSignatureIsNotItsKeysIsRefused_rfc9449Section4_3() throws Exception {
        String good = proof(key, TOKEN_URI);
        String forged = good.substring(0, good.lastIndexOf('.') + 1)
                + proof(stranger, TOKEN_URI).substring(proof(stranger, TOKEN_URI).lastIndexOf('.') + 1);
        assertError(dpopToken(forged), 400, "invalid_dpop_proof");
    }

    @Test
    void metadataListsEdDsaForAssertionsProofsAndRequestObjects() {
        Map<String, Object> metadata = json(f.server.handle(EndpointRequest.builder("GET", Endpoints.OAUTH_METADATA)
                .build()));
        assertThat(metadata.get("token_endpoint_auth_signing_alg_values_supported").toString()).contains("EdDSA");
        assertThat(metadata.get("dpop_signing_alg_values_supported").toString()).contains("EdDSA");
        assertThat(metadata.get("request_object_signing_alg_values_supported").toString()).contains("EdDSA");
        assertThat(ISSUER).isNotNull();
    }
}
