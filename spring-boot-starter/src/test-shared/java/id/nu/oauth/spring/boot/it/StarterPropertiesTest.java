package id.nu.oauth.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import id.nu.oauth.core.SigningKeys;
import id.nu.oauth.core.StoredSigningKeys;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The portal of {@link StarterFlowTest} with a strong client and server-wide settings given as
 * properties only, on Spring Boot 4.0 and 3.5 alike: a {@code private_key_jwt} client with inline
 * {@code jwks} that must use DPoP, server DPoP nonces and signing keys shared through the JDBC store,
 * their secrets from the environment and never shown by the actuator.
 */
@SpringBootTest(classes = PortalApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "nuid.oauth.clients.key-app.auth-methods=private_key_jwt",
            "nuid.oauth.clients.key-app.require-dpop=true",
            "nuid.oauth.clients.key-app.grant-types=client_credentials",
            "nuid.oauth.clients.key-app.scopes=reports"})
@ActiveProfiles("portal")
class StarterPropertiesTest {

    static final ECKey CLIENT_KEY = ecKey("key-app-1");
    static final ECKey DPOP_KEY = ecKey("dpop-1");
    static final String NONCE_SECRET = randomBase64();
    static final String SIGNING_KEY = randomBase64();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        registry.add("PORTAL_BACKEND_SECRET", () -> StarterFlowTest.BACKEND_SECRET);
        registry.add("nuid.oauth.clients.key-app.jwks", () -> new JWKSet(CLIENT_KEY.toPublicJWK()).toString());
        registry.add("nuid.oauth.dpop.nonce-secret", () -> NONCE_SECRET); // as environment variables would
        registry.add("nuid.oauth.signing.encryption-key", () -> SIGNING_KEY);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    SigningKeys signingKeys;

    @Test
    void aPrivateKeyJwtClientThatMustUseDpopGetsABoundTokenAfterTheNonce() throws Exception { // RFC 7523, RFC 9449
        URI token = new Browser(port).url("/api/oauth/token");
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(DPOP_KEY, JWSAlgorithm.ES256);

        HTTPResponse bare = new TokenRequest(token, assertion(), new ClientCredentialsGrant(), new Scope("reports"))
                .toHTTPRequest().send();
        assertThat(TokenErrorResponse.parse(bare).getErrorObject().getCode()).isEqualTo("invalid_dpop_proof");

        HTTPRequest first = new TokenRequest(token, assertion(), new ClientCredentialsGrant(), new Scope("reports"))
                .toHTTPRequest();
        first.setDPoP(proofs.createDPoPJWT("POST", token));
        HTTPResponse asked = first.send();
        assertThat(TokenErrorResponse.parse(asked).getErrorObject().getCode()).isEqualTo("use_dpop_nonce");

        HTTPRequest again = new TokenRequest(token, assertion(), new ClientCredentialsGrant(), new Scope("reports"))
                .toHTTPRequest();
        again.setDPoP(proofs.createDPoPJWT("POST", token, asked.getDPoPNonce()));
        TokenResponse ok = TokenResponse.parse(again.send());
        assertThat(ok.indicatesSuccess()).isTrue();
        assertThat(ok.toSuccessResponse().getTokens().getAccessToken().getType()).isEqualTo(AccessTokenType.DPOP);
        // the keys that signed are the shared ones, kept (encrypted) in the application's database
        assertThat(signingKeys).isInstanceOf(StoredSigningKeys.class);
    }

    @Test
    void theActuatorShowsNoneOfTheNewSecrets() throws Exception {
        Browser browser = new Browser(port);
        String csrf = Browser.springCsrf(browser.get("/login").body());
        browser.post("/login", Browser.form(java.util.Map.of("_csrf", csrf), "username", "alice", "password",
                PortalApplication.PASSWORD));
        HttpResponse<String> configprops = browser.get("/actuator/configprops");
        assertThat(configprops.statusCode()).isEqualTo(200);
        assertThat(configprops.body()).contains("key-app").contains("******")
                .doesNotContain(NONCE_SECRET, SIGNING_KEY);
    }

    private static PrivateKeyJWT assertion() throws Exception {
        Date now = new Date();
        return new PrivateKeyJWT(new JWTAuthenticationClaimsSet(new ClientID("key-app"),
                List.of(new Audience(StarterFlowTest.ISSUER.getValue())), new Date(now.getTime() + 60_000), null, now,
                new JWTID()), JWSAlgorithm.ES256, CLIENT_KEY.toECPrivateKey(), CLIENT_KEY.getKeyID(), null);
    }

    private static ECKey ecKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomBase64() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
