package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.ClientSecretSeal;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import java.net.URI;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two portal nodes on one PostgreSQL: two {@link AuthorizationServer} engines, each with its own
 * HikariCP pool, as two stateless servlet nodes behind a load balancer would hold them. (The engines
 * are called in-process; the servlet adapter only translates HTTP and holds no state.) Whatever one
 * node does, the other sees at once, and the single-use guarantees hold across both.
 */
class TwoNodeTest {

    /** The host key both nodes share, and a client_secret_jwt client sealed under it (RFC 7523 §2.2). */
    private static final byte[] CLIENT_SECRET_KEY = java.util.Base64.getUrlDecoder().decode(SecretHash.generateSecret());
    private static final String HMAC = "hmac-app";
    private static final String HMAC_SECRET = SecretHash.generateSecret();

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private AuthorizationServer nodeA;
    private AuthorizationServer nodeB;

    @BeforeEach
    void startNodes() {
        DataSource database = TestDatabases.postgres();
        poolA = pool(database, "node-a");
        poolB = pool(database, "node-b");
        nodeA = node(poolA);
        nodeB = node(poolB);
    }

    @AfterEach
    void stopNodes() {
        poolA.close();
        poolB.close();
    }

    private static HikariDataSource pool(DataSource database, String name) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMaximumPoolSize(10);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    private static AuthorizationServer node(DataSource pool) {
        return AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(JdbcStorage.postgres(pool).createSchema())
                .client(Flows.mobileApp())
                .clientSecretEncryptionKey(CLIENT_SECRET_KEY)
                .client(Client.confidential(HMAC, SecretHash.of(HMAC_SECRET))
                        .authMethods(ClientAuthMethod.CLIENT_SECRET_JWT)
                        .sealedSecret(ClientSecretSeal.withKey(CLIENT_SECRET_KEY).seal(HMAC, HMAC_SECRET))
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("reports").build())
                .build();
    }

    private AuthorizationServer node(int i) {
        return i % 2 == 0 ? nodeA : nodeB;
    }

    @Test
    void aCodeIssuedByNodeAIsRedeemedAtNodeB_rfc6749_4_1_3() throws Exception {
        Flows.IssuedCode code = Flows.authorize(nodeA, "user-1");
        AccessTokenResponse tokens = Flows.tokens(Flows.exchange(nodeB, code));
        assertThat(nodeA.validateAccessToken(tokens.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Active.class);
        assertThat(Flows.error(Flows.exchange(nodeA, code))).isEqualTo("invalid_grant");
    }

    @Test
    void aRevocationAtNodeAIsSeenAtNodeBAtOnce_rfc7009_2_1() throws Exception {
        AccessTokenResponse tokens = Flows.tokens(Flows.exchange(nodeA, Flows.authorize(nodeA, "user-1")));
        String access = tokens.getTokens().getAccessToken().getValue();
        assertThat(nodeB.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Active.class);

        assertThat(Flows.revoke(nodeA, tokens.getTokens().getRefreshToken()).status()).isEqualTo(200);

        assertThat(nodeB.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Inactive.class);
        assertThat(Flows.error(Flows.refresh(nodeB, tokens.getTokens().getRefreshToken().getValue())))
                .isEqualTo("invalid_grant");
    }

    @Test
    void fiftyConcurrentRedemptionsOfOneCodeOverBothNodesSucceedOnce_rfc6749_4_1_2() throws Exception {
        Flows.IssuedCode code = Flows.authorize(nodeA, "user-1");
        List<EndpointResponse> responses = JdbcStorageTests.concurrently(50, i -> Flows.exchange(node(i), code));
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 400).hasSize(49);
        for (EndpointResponse r : responses) {
            if (r.status() == 400) {
                assertThat(Flows.error(r)).isEqualTo("invalid_grant");
            }
        }
        // The 49 others were replays: each revoked what the winner got, on either node (RFC 6749 §4.1.2).
        EndpointResponse winner = responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        String access = Flows.tokens(winner).getTokens().getAccessToken().getValue();
        assertThat(nodeA.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Inactive.class);
        assertThat(nodeB.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void fiftyConcurrentRefreshesOfOneRotatingTokenOverBothNodesSucceedOnce_rfc9700_4_14_2() throws Exception {
        AccessTokenResponse issued = Flows.tokens(Flows.exchange(nodeA, Flows.authorize(nodeA, "user-1")));
        String refresh = issued.getTokens().getRefreshToken().getValue();

        List<EndpointResponse> responses = JdbcStorageTests.concurrently(50, i -> Flows.refresh(node(i), refresh));

        List<EndpointResponse> won = responses.stream().filter(r -> r.status() == 200).toList();
        assertThat(won).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 400).hasSize(49);
        for (EndpointResponse r : responses) {
            if (r.status() == 400) {
                assertThat(Flows.error(r)).isEqualTo("invalid_grant");
            }
        }
        // Every loser presented a token that was (or became) rotated: reuse, so the grant is revoked
        // and even the winner's new tokens stop working (RFC 9700 §4.14.2).
        AccessTokenResponse winner = Flows.tokens(won.get(0));
        assertThat(nodeA.validateAccessToken(winner.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Inactive.class);
        assertThat(Flows.error(Flows.refresh(nodeB, winner.getTokens().getRefreshToken().getValue())))
                .isEqualTo("invalid_grant");
    }

    @Test
    void sequentialRefreshesAlternatingBetweenNodesKeepWorking() throws Exception {
        AccessTokenResponse tokens = Flows.tokens(Flows.exchange(nodeA, Flows.authorize(nodeB, "user-1")));
        for (int i = 0; i < 6; i++) {
            tokens = Flows.tokens(Flows.refresh(node(i), tokens.getTokens().getRefreshToken().getValue()));
            assertThat(node(i + 1).validateAccessToken(tokens.getTokens().getAccessToken().getValue()))
                    .isInstanceOf(AccessTokenValidation.Active.class);
        }
    }

    @Test
    void aReplayedClientSecretJwtAssertionSucceedsOnceOverBothNodes_rfc7523_3_oidcCore9() throws Exception {
        for (int round = 0; round < 3; round++) {
            // Nimbus makes the assertion (aud the token endpoint, a fresh jti); 50 threads send it to both nodes
            ClientSecretJWT assertion = new ClientSecretJWT(new ClientID(HMAC), Flows.TOKEN_ENDPOINT, JWSAlgorithm.HS256,
                    new Secret(HMAC_SECRET));
            var http = new TokenRequest.Builder(Flows.TOKEN_ENDPOINT, assertion, new ClientCredentialsGrant()).build()
                    .toHTTPRequest();
            var form = http.getBodyAsFormParameters();

            List<EndpointResponse> responses = JdbcStorageTests.concurrently(50,
                    i -> node(i).token(new EndpointRequest(form, null)));

            assertThat(responses).as("round %d", round).filteredOn(r -> r.status() == 200).hasSize(1);
            assertThat(responses).filteredOn(r -> r.status() == 401).hasSize(49);
            for (EndpointResponse r : responses) {
                if (r.status() == 401) {
                    assertThat(Flows.error(r)).isEqualTo("invalid_client");
                }
            }
        }
    }
}
