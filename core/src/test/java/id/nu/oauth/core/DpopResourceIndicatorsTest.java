package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.contract.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DPoP (RFC 9449) and resource indicators (RFC 8707) together: an access token bound to a key and
 * restricted to a resource carries both ({@code cnf.jkt} and {@code aud}), introspection tells both,
 * and a resource server accepts it only for its own resource AND with a proof of the key. Proofs are
 * made, and JWTs read, with Nimbus.
 */
class DpopResourceIndicatorsTest {

    static final URI ISSUER = URI.create("https://nu.id/api");
    static final URI TOKEN = URI.create("https://nu.id/api/oauth/token");
    static final String API = "https://api.example.org/";
    static final String LEDGER = "https://ledger.example.org/";
    static final URI API_URL = URI.create("https://api.example.org/orders");
    static final String JWT_SERVICE = "jwt-service";
    static final String OPAQUE_SERVICE = "opaque-service";
    static final String SECRET = SecretHash.generateSecret();

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final AuthorizationServer server = AuthorizationServer.builder()
            .issuer(ISSUER).clock(clock).signingKeys(OidcFixtures.keys(OidcFixtures.RSA, OidcFixtures.EC))
            .client(Client.confidential(JWT_SERVICE, SecretHash.of(SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                    .scopes("orders").accessTokenFormat(AccessTokenFormat.JWT).resources(API, LEDGER).build())
            .client(Client.confidential(OPAQUE_SERVICE, SecretHash.of(SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                    .scopes("orders").resources(API, LEDGER).build())
            .build();
    private final ECKey key = PrivateKeyJwtTest.ecKey("dpop-resource");

    private String proof(String method, URI htu, String accessToken) throws Exception {
        return new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256).createDPoPJWT(new JWTID(), method, htu,
                Date.from(clock.instant()), accessToken == null ? null : new DPoPAccessToken(accessToken), null)
                .serialize();
    }

    private EndpointResponse clientCredentials(String clientId, String resource, String dpop) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("client_credentials"));
        form.put("resource", List.of(resource));
        EndpointRequest.Builder b = EndpointRequest.builder("POST", Endpoints.TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(clientId, SECRET))
                .body(FormCodec.encode(form).getBytes(StandardCharsets.UTF_8));
        if (dpop != null) {
            b.header("DPoP", dpop);
        }
        return server.handle(b.build());
    }

    private ResourceAccess atApi(String resource, String authorization, String dpop) {
        EndpointRequest.Builder b = EndpointRequest.builder("GET", "/orders").requestUrl(API_URL)
                .header("Authorization", authorization);
        if (dpop != null) {
            b.header("DPoP", dpop);
        }
        return server.protectedResource(b.build(), Set.of("orders"), resource);
    }

    @Test
    void aJwtAccessTokenCarriesBothCnfJktAndTheResourceAsAudience_rfc9449_6_1_rfc8707_2() throws Exception {
        EndpointResponse r = clientCredentials(JWT_SERVICE, API, proof("POST", TOKEN, null));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("token_type")).isEqualTo("DPoP"); // RFC 9449 §5
        SignedJWT jwt = SignedJWT.parse((String) json(r).get("access_token"));
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(API); // RFC 8707 §2, RFC 9068 §3
        assertThat(JWKThumbprintConfirmation.parse(jwt.getJWTClaimsSet()).getValue())
                .isEqualTo(key.computeThumbprint());
    }

    @Test
    void introspectionTellsTheKeyAndTheAudience_rfc9449_6_2_rfc7662_2_2() throws Exception {
        String token = (String) json(clientCredentials(OPAQUE_SERVICE, LEDGER, proof("POST", TOKEN, null)))
                .get("access_token");

        EndpointResponse i = server.introspect(EndpointRequest.of(TokenFixtures.form("token", token),
                basic(OPAQUE_SERVICE, SECRET)));

        Map<String, Object> body = json(i);
        assertThat(body.get("active")).isEqualTo(true);
        assertThat(body.get("token_type")).isEqualTo("DPoP");
        assertThat(body.get("cnf")).isEqualTo(Map.of("jkt", key.computeThumbprint().toString()));
        Object aud = body.get("aud");
        List<Object> audience = aud instanceof List<?> list ? new ArrayList<>(list) : List.of(aud);
        assertThat(audience).containsExactly(LEDGER);
    }

    @Test
    void aResourceServerNeedsItsOwnResourceAndAProofOfTheKey_rfc8707_1_rfc9449_7() throws Exception {
        String token = (String) json(clientCredentials(OPAQUE_SERVICE, API, proof("POST", TOKEN, null)))
                .get("access_token");

        assertThat(atApi(API, "DPoP " + token, proof("GET", API_URL, token)))
                .isInstanceOf(ResourceAccess.Granted.class);
        assertThat(((ResourceAccess.Granted) atApi(null, "DPoP " + token, proof("GET", API_URL, token))).token()
                .audience()).containsExactly(API);

        // RFC 8707: a token for the API is refused by the ledger, even with a good proof
        ResourceAccess atLedger = atApi(LEDGER, "DPoP " + token, proof("GET", API_URL, token));
        assertThat(atLedger).isInstanceOf(ResourceAccess.Denied.class);
        assertThat(((ResourceAccess.Denied) atLedger).response().status()).isEqualTo(401);
        assertThat(((ResourceAccess.Denied) atLedger).response().headers().get("WWW-Authenticate"))
                .contains("invalid_token");

        // RFC 9449 §7.2: the right resource but as a bearer token, or without a proof, is refused
        assertThat(atApi(API, "Bearer " + token, null)).isInstanceOf(ResourceAccess.Denied.class);
        ResourceAccess noProof = atApi(API, "DPoP " + token, null);
        assertThat(noProof).isInstanceOf(ResourceAccess.Denied.class);
        assertThat(((ResourceAccess.Denied) noProof).response().headers().get("WWW-Authenticate"))
                .startsWith("DPoP ").contains("invalid_dpop_proof");
        assertThat(server.validateAccessToken(token, API)).isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void theProofIsCheckedBeforeTheResource_rfc9449_5_rfc8707_2() throws Exception {
        // a proof for another URL and a resource the client may not ask for: the proof is refused first
        String wrongProof = proof("POST", URI.create("https://elsewhere.example/token"), null);
        EndpointResponse r = clientCredentials(OPAQUE_SERVICE, "https://unregistered.example.org/", wrongProof);
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).get("error")).isEqualTo("invalid_dpop_proof");

        // with a good proof, the resource is refused as RFC 8707 §2 says
        EndpointResponse target = clientCredentials(OPAQUE_SERVICE, "https://unregistered.example.org/",
                proof("POST", TOKEN, null));
        assertThat(target.status()).isEqualTo(400);
        assertThat(json(target).get("error")).isEqualTo("invalid_target");
    }
}
