package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.client.Client;
import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.UserGrant;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 across two portal nodes on one PostgreSQL (each its own pool and its own 5 s client
 * cache): a disable at one node stops the client's tokens at the other at once; a refresh response
 * lost with one node is retried at the other inside the client's grace window and the grant survives
 * (RFC 9700 §4.14.2 trade-off, issue 12 item 7); 50 refreshes racing over both nodes within the bound
 * all get tokens; a user's "sign out of every app" at one node is seen at the other.
 */
class TwoNodeManagementTest {

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private AuthorizationServer nodeA;
    private AuthorizationServer nodeB;

    @BeforeEach
    void startNodes() throws Exception {
        DataSource database = TestDatabases.postgres();
        poolA = pool(database, "node-a");
        poolB = pool(database, "node-b");
        JdbcStorage.postgres(poolA).createSchema();
        try (Connection c = poolA.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE nuid_oauth_client, nuid_oauth_code, nuid_oauth_grant, nuid_oauth_token, "
                    + "nuid_oauth_consent");
        }
        Client withGrace = Client.publicClient(Flows.CLIENT_ID).name("NU Mobile").redirectUri(Flows.REDIRECT.toString())
                .scopes("openid", "profile").refreshGrace(Duration.ofSeconds(30), 49).build();
        nodeA = node(poolA, withGrace);
        nodeB = node(poolB, withGrace);
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

    private static AuthorizationServer node(DataSource pool, Client client) {
        return AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(JdbcStorage.postgres(pool))
                .client(client)
                .build();
    }

    private AuthorizationServer node(int i) {
        return i % 2 == 0 ? nodeA : nodeB;
    }

    @Test
    void aDisableAtNodeAStopsTheClientsTokensAtNodeBAtOnce() throws Exception {
        AccessTokenResponse tokens = Flows.tokens(Flows.exchange(nodeB, Flows.authorize(nodeB, "user-1")));
        String access = tokens.getTokens().getAccessToken().getValue();
        assertThat(nodeB.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Active.class); // B caches the client

        nodeA.clientManagement().disable(Flows.CLIENT_ID);

        assertThat(nodeB.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Inactive.class);
        // B's client cache may still say enabled: the rotation itself refuses a disabled client's token
        assertThat(Flows.error(Flows.refresh(nodeB, tokens.getTokens().getRefreshToken().getValue())))
                .isIn("invalid_grant", "invalid_client");
    }

    @Test
    void aRefreshResponseLostWithNodeAIsRetriedAtNodeBInsideTheGraceWindow() throws Exception {
        AccessTokenResponse first = Flows.tokens(Flows.exchange(nodeA, Flows.authorize(nodeA, "user-1")));
        String refresh = first.getTokens().getRefreshToken().getValue();
        AccessTokenResponse lost = Flows.tokens(Flows.refresh(nodeA, refresh)); // node A dies before answering

        AccessTokenResponse retried = Flows.tokens(Flows.refresh(nodeB, refresh));

        assertThat(nodeA.validateAccessToken(retried.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Active.class);
        assertThat(nodeB.validateAccessToken(lost.getTokens().getAccessToken().getValue()))
                .as("the grant survives").isInstanceOf(AccessTokenValidation.Active.class);
        AccessTokenResponse next = Flows.tokens(Flows.refresh(nodeA, retried.getTokens().getRefreshToken().getValue()));
        assertThat(next.getTokens().getAccessToken()).isNotNull();
    }

    @Test
    void fiftyRefreshesRacingOverBothNodesWithinTheWindowAndBoundAllGetTokens() throws Exception {
        String refresh = Flows.tokens(Flows.exchange(nodeA, Flows.authorize(nodeA, "user-1")))
                .getTokens().getRefreshToken().getValue();

        List<EndpointResponse> responses = JdbcStorageTests.concurrently(50, i -> Flows.refresh(node(i), refresh));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        for (EndpointResponse r : responses) {
            assertThat(nodeA.validateAccessToken(Flows.tokens(r).getTokens().getAccessToken().getValue()))
                    .isInstanceOf(AccessTokenValidation.Active.class);
        }
        // one more reuse is beyond the bound of 49: the whole family goes (RFC 9700 §4.14.2)
        assertThat(Flows.error(Flows.refresh(nodeB, refresh))).isEqualTo("invalid_grant");
        assertThat(nodeA.validateAccessToken(Flows.tokens(responses.get(0)).getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void aUsersConnectedAppsAndSignOutOfEveryAppAcrossNodes() throws Exception {
        AccessTokenResponse tokens = Flows.tokens(Flows.exchange(nodeA, Flows.authorize(nodeA, "user-1")));
        Flows.tokens(Flows.refresh(nodeB, tokens.getTokens().getRefreshToken().getValue()));
        List<UserGrant> apps = nodeB.userGrants("user-1");
        assertThat(apps).singleElement().satisfies(g -> {
            assertThat(g.clientName()).isEqualTo("NU Mobile");
            assertThat(g.lastUsed()).isAfterOrEqualTo(g.firstUsed());
        });

        assertThat(nodeA.revokeAllForUser("user-1")).isEqualTo(1);

        assertThat(nodeB.userGrants("user-1")).isEmpty();
        assertThat(nodeB.validateAccessToken(tokens.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Inactive.class);
    }
}
