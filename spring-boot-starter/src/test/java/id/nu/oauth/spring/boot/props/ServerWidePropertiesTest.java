package id.nu.oauth.spring.boot.props;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import id.nu.oauth.client.SecretHash;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Server-wide properties over HTTP in applications started here (each on its own random loopback
 * port): the FAPI 2.0 profile, and signing keys shared by two nodes on one database.
 */
class ServerWidePropertiesTest {

    static final String ISSUER = "http://127.0.0.1/api";

    @Test
    void theFapi2ProfileRestrictsMetadataAndHoldsEveryClientToIt() throws Exception { // FAPI 2.0 SP §5.3.2.2, §5.4.1
        ECKey key = StrongClientPropertiesTest.ecKey("bank-1");
        String secret = SecretHash.generateSecret();
        try (ConfigurableApplicationContext app = start("nuid.oauth.storage.type=memory",
                "nuid.oauth.fapi2-security-profile=true",
                "nuid.oauth.clients.bank.auth-methods=private_key_jwt",
                "nuid.oauth.clients.bank.jwks=" + new JWKSet(key.toPublicJWK()),
                "nuid.oauth.clients.bank.grant-types=client_credentials",
                "nuid.oauth.clients.bank.scopes=accounts",
                "nuid.oauth.clients.old.secret=" + secret,
                "nuid.oauth.clients.old.grant-types=client_credentials")) {
            Http http = new Http(port(app));
            Map<String, Object> metadata = JSONObjectUtils.parse(http.get("/api/.well-known/openid-configuration").body());
            assertThat(metadata.get("require_pushed_authorization_requests")).isEqualTo(Boolean.TRUE);
            assertThat(metadata.get("token_endpoint_auth_methods_supported")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactlyInAnyOrder("private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth");
            assertThat(metadata.get("id_token_signing_alg_values_supported")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly("ES256");
            assertThat(metadata.get("dpop_signing_alg_values_supported")).asInstanceOf(InstanceOfAssertFactories.LIST).isNotEmpty().doesNotContain("RS256");

            // the FAPI client's tokens are sender-constrained: without a DPoP proof or a certificate, none
            URI token = http.url("/api/oauth/token");
            HTTPResponse unbound = Http.send(new TokenRequest(token, assertion("bank", key),
                    new ClientCredentialsGrant(), new Scope("accounts")).toHTTPRequest());
            assertThat(unbound.getStatusCode()).isEqualTo(400);
            assertThat(TokenErrorResponse.parse(unbound).getErrorObject().getCode()).isEqualTo("invalid_dpop_proof");
            // a client with a secret cannot meet the profile: it is not registered as far as clients can tell
            HTTPResponse old = Http.send(new TokenRequest(token, new ClientSecretBasic(new ClientID("old"),
                    new Secret(secret)), new ClientCredentialsGrant()).toHTTPRequest());
            assertThat(old.getStatusCode()).isEqualTo(401);
            assertThat(TokenErrorResponse.parse(old).getErrorObject().getCode()).isEqualTo("invalid_client");
        }
    }

    @Test
    void twoNodesOnOneDatabasePublishTheSameSharedSigningKeys() throws Exception {
        String database = "jdbc:h2:mem:shared-keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        String encryptionKey = StrongClientPropertiesTest.randomBase64();
        List<ConfigurableApplicationContext> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                nodes.add(start("spring.datasource.url=" + database, "nuid.oauth.storage.type=jdbc",
                        "nuid.oauth.signing.encryption-key=" + encryptionKey,
                        "nuid.oauth.signing.algorithms=ES256,RS256",
                        "nuid.oauth.id-token-signing-algorithm=ES256"));
            }
            Set<String> first = keyIds(nodes.get(0));
            assertThat(first).hasSize(2);
            assertThat(keyIds(nodes.get(1))).isEqualTo(first);

            // a third node with another encryption key cannot read them: a start-up error naming the property
            String wrongKey = StrongClientPropertiesTest.randomBase64();
            assertThatThrownBy(() -> start("spring.datasource.url=" + database, "nuid.oauth.storage.type=jdbc",
                    "nuid.oauth.signing.encryption-key=" + wrongKey, "nuid.oauth.signing.algorithms=ES256,RS256"))
                    .satisfies(e -> {
                        assertThat(causes(e)).contains("nuid.oauth.signing.encryption-key: cannot decrypt")
                                .doesNotContain(wrongKey, encryptionKey);
                    });
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static Set<String> keyIds(ConfigurableApplicationContext node) throws Exception {
        HttpResponse<String> jwks = new Http(port(node)).get("/api/oauth/jwks");
        assertThat(jwks.statusCode()).isEqualTo(200);
        return JWKSet.parse(jwks.body()).getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
    }

    static ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of("nuid.oauth.issuer=" + ISSUER, "server.port=0",
                "server.address=127.0.0.1", "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(PropertiesApplication.class).properties(all.toArray(String[]::new)).run();
    }

    static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    /** Every message of the chain, so that a test sees the one that names the property. */
    static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static PrivateKeyJWT assertion(String clientId, ECKey key) throws Exception {
        Date now = new Date();
        return new PrivateKeyJWT(new JWTAuthenticationClaimsSet(new ClientID(clientId), List.of(new Audience(ISSUER)),
                new Date(now.getTime() + 60_000), null, now, new JWTID()), JWSAlgorithm.ES256, key.toECPrivateKey(),
                key.getKeyID(), null);
    }
}
