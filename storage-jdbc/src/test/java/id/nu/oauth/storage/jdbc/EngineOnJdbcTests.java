package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core engine on the JDBC store: full flows, what ends up in the tables, and how many statements
 * each request costs. Run on H2 and PostgreSQL by the subclasses.
 */
abstract class EngineOnJdbcTests {

    InstrumentedDataSource dataSource;
    AuthorizationServer server;
    String portalSecret;

    abstract DataSource newDatabase();

    abstract JdbcStorage storageOn(DataSource dataSource);

    @BeforeEach
    void start() {
        dataSource = new InstrumentedDataSource(newDatabase());
        portalSecret = SecretHash.generateSecret();
        server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(storageOn(dataSource).createSchema())
                .client(Flows.mobileApp())
                .client(Client.confidential("portal", SecretHash.of(portalSecret))
                        .redirectUri("https://portal.example.or.id/cb").scopes("profile")
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).build())
                .build();
    }

    @Test
    void codeRefreshAndRevocationWork_rfc6749_4_1_and_6_rfc7009() throws Exception {
        Flows.IssuedCode code = Flows.authorize(server, "user-1");
        AccessTokenResponse first = Flows.tokens(Flows.exchange(server, code));
        assertThat(server.validateAccessToken(first.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Active.class);
        assertThat(Flows.error(Flows.exchange(server, code))).isEqualTo("invalid_grant"); // RFC 6749 §4.1.2

        // the replay revoked the grant, so start again
        AccessTokenResponse issued = Flows.tokens(Flows.exchange(server, Flows.authorize(server, "user-1")));
        AccessTokenResponse refreshed = Flows.tokens(
                Flows.refresh(server, issued.getTokens().getRefreshToken().getValue()));
        assertThat(refreshed.getTokens().getRefreshToken()).isNotNull();
        assertThat(Flows.revoke(server, refreshed.getTokens().getRefreshToken()).status()).isEqualTo(200);
        assertThat(server.validateAccessToken(refreshed.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Inactive.class);
    }

    @Test
    void noCodeTokenOrSecretIsStoredInClear() throws Exception {
        Flows.IssuedCode code = Flows.authorize(server, "user-1");
        AccessTokenResponse issued = Flows.tokens(Flows.exchange(server, code));
        AccessTokenResponse refreshed = Flows.tokens(
                Flows.refresh(server, issued.getTokens().getRefreshToken().getValue()));
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                ("portal:" + portalSecret).getBytes(StandardCharsets.UTF_8));
        AccessTokenResponse machine = Flows.tokens(server.token(
                EndpointRequest.of(Map.of("grant_type", "client_credentials"), basic)));

        String everything = JdbcStorageTests.dump(dataSource);
        for (String secret : List.of(code.code(), code.verifier().getValue(), portalSecret,
                issued.getTokens().getAccessToken().getValue(), issued.getTokens().getRefreshToken().getValue(),
                refreshed.getTokens().getAccessToken().getValue(), refreshed.getTokens().getRefreshToken().getValue(),
                machine.getTokens().getAccessToken().getValue())) {
            assertThat(everything).doesNotContain(secret);
        }
        assertThat(everything).contains("user-1", "mobile-app"); // the dump did read the rows
    }

    @Test
    void statementsPerRequest() throws Exception {
        boolean postgres = storageOn(dataSource).toString().contains("postgresql");
        Flows.IssuedCode code = Flows.authorize(server, "user-1"); // reads the client: cached from here on

        dataSource.reset();
        AccessTokenResponse issued = Flows.tokens(Flows.exchange(server, code));
        // client from the cache; consume the code (one UPDATE .. RETURNING, auto-commit: no lock held
        // while the tokens are signed); then PostgreSQL: grant + tokens in one INSERT (the grant's
        // INSERT .. ON CONFLICT DO NOTHING in a CTE), auto-commit: 2 round trips in all. H2: a
        // transaction that reads the grant row with a lock, inserts it and the batch of tokens, commits.
        assertThat(dataSource.statements()).isEqualTo(postgres ? 2 : 4);
        assertThat(dataSource.commits()).isEqualTo(postgres ? 0 : 1);

        dataSource.reset();
        AccessTokenResponse refreshed = Flows.tokens(
                Flows.refresh(server, issued.getTokens().getRefreshToken().getValue()));
        // client from the cache; find the token joined to its grant (which gives the auth_time of the
        // new id_token, OpenID Connect Core 1.0 §12.2); rotate: PostgreSQL one statement (conditional
        // UPDATE + the grant's last use + INSERT in a CTE, auto-commit), H2 conditional UPDATE + the
        // grant's last use (UPDATE) + batch INSERT + commit.
        assertThat(dataSource.statements()).isEqualTo(postgres ? 2 : 4);
        assertThat(dataSource.commits()).isEqualTo(postgres ? 0 : 1);

        dataSource.reset();
        assertThat(server.validateAccessToken(refreshed.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Active.class);
        // one SELECT by primary key, joined to the grant
        assertThat(dataSource.statements()).isEqualTo(1);
        assertThat(dataSource.commits()).isZero();
    }

    @Test
    void aClientIsReadAgainAfterItIsSavedAndNotCachedWhenTheTtlIsZero() {
        JdbcStorage cached = storageOn(dataSource);
        cached.clients().find(Flows.CLIENT_ID).orElseThrow();
        dataSource.reset();
        cached.clients().find(Flows.CLIENT_ID).orElseThrow();
        assertThat(dataSource.statements()).isZero(); // within the TTL: from the cache
        Client renamed = Client.publicClient(Flows.CLIENT_ID).name("Renamed").redirectUri(Flows.REDIRECT.toString())
                .scopes("openid", "profile").build();
        cached.clients().save(renamed);
        assertThat(cached.clients().find(Flows.CLIENT_ID)).contains(renamed); // a save replaces the entry

        JdbcStorage uncached = storageOn(dataSource).withClientCacheTtl(java.time.Duration.ZERO);
        uncached.clients().find(Flows.CLIENT_ID).orElseThrow();
        dataSource.reset();
        uncached.clients().find(Flows.CLIENT_ID).orElseThrow();
        assertThat(dataSource.statements()).isEqualTo(1);
    }

    @Test
    void aDatabaseFailureIsAServerErrorAndLeavesNothingHalfWritten() throws Exception {
        Flows.IssuedCode code = Flows.authorize(server, "user-1");
        // 1: consume the code (committed at once), 2: store the grant (PostgreSQL: with its tokens;
        // H2: the transaction that does it starts by reading the grant row)
        dataSource.failAtStatement(2, InstrumentedDataSource.Failure.DROP);
        EndpointResponse failed = Flows.exchange(server, code);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(Flows.error(failed)).isEqualTo("server_error");
        // Nothing was issued: no grant row, no token. The code stays spent (RFC 6749 §4.1.2: single
        // use), so the client starts a new authorization; a retry with it is refused, and, as a
        // replay, stores its grant revoked so nothing can ever be issued from it.
        assertThat(rows("nuid_oauth_grant")).isZero();
        assertThat(rows("nuid_oauth_token")).isZero();
        assertThat(Flows.error(Flows.exchange(server, code))).isEqualTo("invalid_grant");
        AccessTokenResponse fresh = Flows.tokens(Flows.exchange(server, Flows.authorize(server, "user-1")));
        assertThat(server.validateAccessToken(fresh.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Active.class);
    }

    @Test
    void aClientRegistersUpdatesAndDeletesItselfWithOnlyHashesAtRest_rfc7591_rfc7592() throws Exception {
        String initial = SecretHash.generateSecret();
        AuthorizationServer dcr = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(storageOn(dataSource))
                .dynamicRegistration(id.nu.oauth.core.DynamicRegistration.initialAccessTokens(initial).scopes("profile"))
                .build();
        EndpointResponse created = dcr.handle(json("POST", id.nu.oauth.core.Endpoints.REGISTRATION, initial,
                "{\"redirect_uris\":[\"https://app.example.org/cb\"],\"client_uri\":\"https://app.example.org/\","
                        + "\"contacts\":[\"ops@example.org\",\"dev@example.org\"]}"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Map<String, Object> info = com.nimbusds.jose.util.JSONObjectUtils.parse(created.body());
        String clientId = (String) info.get("client_id");
        String secret = (String) info.get("client_secret");
        String token = (String) info.get("registration_access_token");
        String path = id.nu.oauth.core.Endpoints.REGISTRATION + "/" + clientId;

        EndpointResponse read = dcr.handle(json("GET", path, token, null));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("dev@example.org").contains("https://app.example.org/");
        // RFC 7592 §3: the read carries the next registration access token; the one it used is spent
        String afterRead = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(read.body()).get("registration_access_token");
        assertThat(afterRead).isNotNull().isNotEqualTo(token);
        assertThat(dcr.handle(json("GET", path, token, null)).status()).isEqualTo(401);
        EndpointResponse put = dcr.handle(json("PUT", path, afterRead, "{\"client_id\":\"" + clientId
                + "\",\"redirect_uris\":[\"https://app.example.org/new\"]}"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String rotated = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(put.body()).get("registration_access_token");
        assertThat(dcr.handle(json("GET", path, afterRead, null)).status()).isEqualTo(401); // RFC 7592 §2.2

        String everything = JdbcStorageTests.dump(dataSource);
        assertThat(everything).contains(clientId).doesNotContain(secret).doesNotContain(token)
                .doesNotContain(afterRead).doesNotContain(rotated).doesNotContain(initial);

        assertThat(dcr.handle(json("DELETE", path, rotated, null)).status()).isEqualTo(204);
        assertThat(dcr.handle(json("GET", path, rotated, null)).status()).isEqualTo(401);
        assertThat(rows("nuid_oauth_registration")).isZero();
    }

    private static EndpointRequest json(String method, String path, String bearer, String body) {
        EndpointRequest.Builder b = EndpointRequest.builder(method, path).header("Authorization", "Bearer " + bearer);
        if (body != null) {
            b.header("Content-Type", "application/json").body(body.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private long rows(String table) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
