package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Consent;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.storage.PushedRequest;
import id.nu.oauth.storage.RotateResult;
import id.nu.oauth.storage.SingleUseKind;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.TokenStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the JDBC store adds to the storage contract: the guarantees held by SQL under concurrency,
 * all-or-nothing writes when the connection fails between statements, bounded purging, the schema
 * helper, and the column encodings. Run on H2 and on a real PostgreSQL by the subclasses.
 */
abstract class JdbcStorageTests {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant HOUR = NOW.plus(Duration.ofHours(1));
    static final Instant DAY = NOW.plus(Duration.ofDays(1));

    InstrumentedDataSource dataSource;
    JdbcStorage storage;

    /** A new, empty database, not pooled: closing a connection really closes it. */
    abstract DataSource newDatabase();

    abstract JdbcStorage storageOn(DataSource dataSource);

    @BeforeEach
    void freshDatabase() {
        dataSource = new InstrumentedDataSource(newDatabase());
        storage = storageOn(dataSource).createSchema();
        // the fixtures' client: a token of an unregistered (or disabled) client reads revoked (TokenStore.find)
        storage.clients().save(Client.publicClient("app").redirectUri("id.nu.app:/cb").build());
    }

    // --- schema

    @Test
    void createSchemaTwiceChangesNothing() {
        Grant grant = grant("g1");
        storage.grants().create(grant, List.of());
        storage.createSchema();
        storageOn(dataSource).createSchema();
        assertThat(storage.grants().find("g1")).contains(grant);
    }

    @Test
    void aCurrentSchemaHasEveryTableColumnAndIndexTheMigrationsMake() throws SQLException {
        // createSchema() runs only what the catalog lacks: on a current schema, nothing (no table lock)
        String folder = storage.migrationsLocation().substring("classpath:".length());
        int checked = 0;
        try (Connection c = dataSource.getConnection()) {
            for (String migration : Schema.MIGRATIONS) {
                for (String sql : Schema.statements(Schema.read(folder + "/" + migration))) {
                    assertThat(Schema.present(c, sql)).as(sql).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(50);
    }

    @Test
    void theCatalogCheckSeesWhatIsMissing() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertThat(Schema.present(c, "ALTER TABLE nuid_oauth_token ADD COLUMN IF NOT EXISTS not_there INTEGER"))
                    .isFalse();
            assertThat(Schema.present(c, "CREATE INDEX IF NOT EXISTS nuid_oauth_not_there ON nuid_oauth_token (kind)"))
                    .isFalse();
            assertThat(Schema.present(c, "CREATE TABLE IF NOT EXISTS nuid_oauth_not_there (x INTEGER)")).isFalse();
            // "_" is a wildcard in metadata patterns: nuidXoauth... must not pass for nuid_oauth...
            assertThat(Schema.present(c, "CREATE TABLE IF NOT EXISTS nuid_oauth_toke_ (x INTEGER)")).isFalse();
            assertThat(Schema.present(c, "UPDATE nuid_oauth_client SET name = name")).isFalse();
            if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                // V13's storage parameter: present only with the same value
                assertThat(Schema.present(c, "ALTER TABLE nuid_oauth_grant SET (fillfactor = 90)")).isTrue();
                assertThat(Schema.present(c, "ALTER TABLE nuid_oauth_grant SET (fillfactor = 80)")).isFalse();
                assertThat(Schema.present(c, "ALTER TABLE nuid_oauth_consent SET (fillfactor = 90)")).isFalse();
            }
        }
    }

    @Test
    void migrationsLocationNamesTheShippedFolder() {
        String location = storage.migrationsLocation();
        assertThat(location).startsWith("classpath:db/migration/nuid_oauth/");
        String folder = location.substring("classpath:".length());
        assertThat(getClass().getClassLoader().getResource(folder + "/V1__nuid_oauth_schema.sql")).isNotNull();
    }

    // --- clients

    @Test
    void clientsRoundTripWithTheirSecretOnlyAsAHash() throws SQLException {
        String secret = SecretHash.generateSecret();
        Client confidential = Client.confidential("portal", SecretHash.of(secret))
                .name("Portal NU")
                .redirectUri("https://portal.example.or.id/cb")
                .redirectUri("https://portal.example.or.id/cb2")
                .redirectUri("http://127.0.0.1/cb")
                .scopes("openid", "profile", "email")
                .defaultScopes("openid")
                .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS)
                .refreshPolicy(RefreshPolicy.ROTATE)
                .allowPlainPkce(true)
                .firstParty(true)
                .build();
        Client pub = Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb").build();
        Client legacy = Client.legacyPublicClient("old").redirectUri("https://old.example.or.id/cb")
                .scopes("profile").build();
        storage.clients().save(confidential);
        storage.clients().save(pub);
        storage.clients().save(legacy);

        Client found = storage.clients().find("portal").orElseThrow();
        assertThat(found).isEqualTo(confidential);
        assertThat(found.redirectUris()).containsExactlyElementsOf(confidential.redirectUris());
        assertThat(found.secretHash().matches(secret)).isTrue();
        assertThat(storage.clients().find("mobile-app")).contains(pub);
        assertThat(storage.clients().find("old")).contains(legacy);
        assertThat(storage.clients().find("nobody")).isEmpty();
        assertThat(dump(dataSource)).doesNotContain(secret);
    }

    @Test
    void aRowBreakingAClientRuleIsAStorageErrorNamingTheClientNeverAClient_rfc9700_2_1_1() throws SQLException {
        storage.clients().save(Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb").build());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE nuid_oauth_client SET require_pkce = FALSE WHERE client_id = 'mobile-app'");
        }

        assertThatThrownBy(() -> storage.clients().find("mobile-app"))
                .isInstanceOf(JdbcStorageException.class)
                .hasMessageContaining("mobile-app")
                .hasMessageContaining("PKCE")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void savingAClientAgainReplacesIt() {
        storage.clients().save(Client.publicClient("app").redirectUri("id.nu.app:/cb").scopes("a").build());
        Client changed = Client.publicClient("app").redirectUri("id.nu.app:/other").scopes("b", "c").build();
        storage.clients().save(changed);
        assertThat(storage.clients().find("app")).contains(changed);
    }

    @Test
    void aResourceServerRoundTrips_rfc7662_4() {
        Client api = Client.confidential("orders-api", SecretHash.of(SecretHash.generateSecret()))
                .grantTypes(GrantType.CLIENT_CREDENTIALS).resourceServer(true).build();
        storage.clients().save(api);

        assertThat(storage.clients().find("orders-api")).contains(api);
        assertThat(storage.clients().find("orders-api").orElseThrow().resourceServer()).isTrue();
    }

    @Test
    void aClientStoredBeforeV3IsNoResourceServer() throws SQLException {
        // a database on schema V2, with a client in it, then createSchema() brings it to V3
        DataSource old = newDatabase();
        String folder = storage.migrationsLocation().substring("classpath:".length());
        try (Connection c = old.getConnection(); Statement st = c.createStatement()) {
            for (String migration : List.of("V1__nuid_oauth_schema.sql", "V2__client_access_token_format.sql")) {
                for (String sql : Schema.statements(Schema.read(folder + "/" + migration))) {
                    st.execute(sql);
                }
            }
            st.execute("INSERT INTO nuid_oauth_client (client_id, client_type, secret_hash, name, redirect_uris,"
                    + " allowed_scopes, default_scopes, grant_types, refresh_policy, require_pkce, allow_plain_pkce,"
                    + " first_party, access_token_format) VALUES ('portal', 'CONFIDENTIAL', '"
                    + SecretHash.of(SecretHash.generateSecret()).encoded() + "', 'Portal', 'https://portal.example/cb',"
                    + " '', '', 'CLIENT_CREDENTIALS', 'KEEP', FALSE, FALSE, FALSE, 'OPAQUE')");
        }

        Client found = storageOn(old).createSchema().clients().find("portal").orElseThrow();

        assertThat(found.resourceServer()).isFalse();
    }

    // --- codes

    @Test
    void aCodeIsConsumedOnceThenReplayed() {
        AuthorizationCode code = code("c1");
        storage.codes().save(code);
        assertThat(storage.codes().consume("c1")).isEqualTo(new ConsumeResult.Consumed(code));
        assertThat(storage.codes().consume("c1")).isEqualTo(new ConsumeResult.Replayed(code));
        assertThat(storage.codes().consume("c2")).isInstanceOf(ConsumeResult.NotFound.class);
    }

    @Test
    void aCodeWithoutPkceOrNonceRoundTrips() {
        AuthorizationCode code = new AuthorizationCode("c1", "g1", "legacy", "user-1", "https://x.example/cb",
                false, Set.of(), null, null, null, NOW, NOW, NOW.plusSeconds(60));
        storage.codes().save(code);
        assertThat(storage.codes().consume("c1")).isEqualTo(new ConsumeResult.Consumed(code));
    }

    @Test
    void fiftyConcurrentConsumersOfOneCodeWinOnce() throws Exception { // RFC 6749 §4.1.2
        storage.codes().save(code("c1"));
        List<ConsumeResult> results = concurrently(50, i -> storage.codes().consume("c1"));
        assertThat(results).filteredOn(r -> r instanceof ConsumeResult.Consumed).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof ConsumeResult.Replayed).hasSize(49);
    }

    // --- grants and tokens

    @Test
    void aGrantIsCreatedWithItsTokensAndFoundByHash() {
        Grant grant = grant("g1");
        Token access = access("a1", "g1");
        Token refresh = refresh("r1", "g1", DAY);
        storage.grants().create(grant, List.of(access, refresh));
        assertThat(storage.grants().find("g1")).contains(grant);
        assertThat(storage.tokens().find("a1")).contains(access);
        assertThat(storage.tokens().find("r1")).contains(refresh);
        assertThat(storage.tokens().find("nope")).isEmpty();
    }

    @Test
    void aClientCredentialsGrantWithoutSubjectRoundTrips() {
        storage.clients().save(Client.confidential("svc", id.nu.oauth.client.SecretHash.of(
                id.nu.oauth.client.SecretHash.generateSecret())).grantTypes(GrantType.CLIENT_CREDENTIALS).build());
        Grant grant = new Grant("g1", "svc", null, Set.of("read"), null, NOW, HOUR, null);
        Token access = Token.active("a1", TokenKind.ACCESS, "g1", "svc", null, Set.of("read"), NOW, HOUR, HOUR);
        storage.grants().create(grant, List.of(access));
        assertThat(storage.grants().find("g1")).contains(grant);
        assertThat(storage.tokens().find("a1")).contains(access);
    }

    @Test
    void revokingAGrantRevokesEveryTokenOfItInOneStatement() { // RFC 7009 §2.1
        storage.grants().create(grant("g1"), List.of(access("a1", "g1"), refresh("r1", "g1", DAY)));
        storage.grants().create(grant("g2"), List.of(access("a2", "g2")));
        dataSource.reset();
        assertThat(storage.grants().revoke("g1", NOW)).isTrue();
        assertThat(dataSource.statements()).isEqualTo(1);
        assertThat(storage.grants().revoke("g1", NOW.plusSeconds(1))).isFalse();
        assertThat(storage.grants().revoke("unknown", NOW)).isFalse();
        assertThat(storage.grants().find("g1").orElseThrow().revokedAt()).isEqualTo(NOW);
        assertThat(storage.tokens().find("a1").orElseThrow().status()).isEqualTo(TokenStatus.REVOKED);
        assertThat(storage.tokens().find("r1").orElseThrow().status()).isEqualTo(TokenStatus.REVOKED);
        assertThat(storage.tokens().find("a2").orElseThrow().status()).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void aTokenWhoseGrantIsGoneReadsRevoked() {
        storage.tokens().save(access("a1", "missing-grant"));
        assertThat(storage.tokens().find("a1").orElseThrow().status()).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void revokingOneTokenLeavesTheOthers() {
        storage.grants().create(grant("g1"), List.of(access("a1", "g1"), refresh("r1", "g1", DAY)));
        assertThat(storage.tokens().revoke("a1")).isTrue();
        assertThat(storage.tokens().revoke("unknown")).isFalse();
        assertThat(storage.tokens().find("a1").orElseThrow().status()).isEqualTo(TokenStatus.REVOKED);
        assertThat(storage.tokens().find("r1").orElseThrow().status()).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void rotateSwapsOnceThenReportsReuse() { // RFC 9700 §4.14.2
        storage.grants().create(grant("g1"), List.of(access("a1", "g1"), refresh("r1", "g1", DAY)));
        Token a2 = access("a2", "g1");
        Token r2 = refresh("r2", "g1", DAY);
        assertThat(storage.tokens().rotate("r1", List.of(a2, r2), NOW)).isInstanceOf(RotateResult.Rotated.class);
        assertThat(storage.tokens().find("r1").orElseThrow().status()).isEqualTo(TokenStatus.ROTATED);
        assertThat(storage.tokens().find("a2")).contains(a2);
        assertThat(storage.tokens().find("r2")).contains(r2);

        RotateResult again = storage.tokens().rotate("r1", List.of(access("a3", "g1"), refresh("r3", "g1", DAY)), NOW);
        assertThat(again).isInstanceOf(RotateResult.Reused.class);
        assertThat(((RotateResult.Reused) again).token().grantId()).isEqualTo("g1");
        assertThat(storage.tokens().find("a3")).isEmpty();
        assertThat(storage.tokens().find("r3")).isEmpty();
    }

    @Test
    void rotateRefusesExpiredRevokedAndUnknownTokens() {
        storage.grants().create(grant("g1"), List.of(refresh("r1", "g1", HOUR), refresh("r2", "g1", DAY)));
        storage.grants().create(grant("g2"), List.of(refresh("r3", "g2", DAY)));
        storage.grants().revoke("g2", NOW);
        storage.tokens().revoke("r2");
        assertThat(storage.tokens().rotate("r1", List.of(access("x1", "g1")), HOUR))
                .isInstanceOf(RotateResult.Inactive.class); // expires_at is exclusive
        assertThat(storage.tokens().rotate("r2", List.of(access("x2", "g1")), NOW))
                .isInstanceOf(RotateResult.Inactive.class);
        assertThat(storage.tokens().rotate("r3", List.of(access("x3", "g2")), NOW))
                .isInstanceOf(RotateResult.Inactive.class);
        assertThat(storage.tokens().rotate("nope", List.of(access("x4", "g1")), NOW))
                .isInstanceOf(RotateResult.Inactive.class);
        assertThat(storage.tokens().find("x1")).isEmpty();
        assertThat(storage.tokens().find("x2")).isEmpty();
        assertThat(storage.tokens().find("x3")).isEmpty();
        assertThat(storage.tokens().find("x4")).isEmpty();
        assertThat(storage.tokens().find("r1").orElseThrow().status()).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void anAccessTokenCannotBeRotated() {
        storage.grants().create(grant("g1"), List.of(access("a1", "g1")));
        assertThat(storage.tokens().rotate("a1", List.of(access("a2", "g1")), NOW))
                .isInstanceOf(RotateResult.Inactive.class);
        assertThat(storage.tokens().find("a2")).isEmpty();
    }

    @Test
    void fiftyConcurrentRotationsOfOneRefreshTokenSucceedOnce() throws Exception { // RFC 9700 §4.14.2
        storage.grants().create(grant("g1"), List.of(refresh("r1", "g1", DAY)));
        List<RotateResult> results = concurrently(50, i -> storage.tokens().rotate("r1",
                List.of(access("a-" + i, "g1"), refresh("r-" + i, "g1", DAY)), NOW));
        assertThat(results).filteredOn(r -> r instanceof RotateResult.Rotated).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof RotateResult.Reused).hasSize(49);
        int winner = -1;
        for (int i = 0; i < 50; i++) {
            if (results.get(i) instanceof RotateResult.Rotated) {
                winner = i;
            }
        }
        for (int i = 0; i < 50; i++) {
            assertThat(storage.tokens().find("r-" + i).isPresent()).as("r-" + i).isEqualTo(i == winner);
            assertThat(storage.tokens().find("a-" + i).isPresent()).as("a-" + i).isEqualTo(i == winner);
        }
    }

    @Test
    void renewMovesTheExpiryButNeverPastTheAbsoluteLimit() {
        Token refresh = Token.active("r1", TokenKind.REFRESH, "g1", "app", "user-1", Set.of("profile"), NOW, HOUR,
                DAY);
        storage.grants().create(grant("g1"), List.of(refresh));
        Instant later = NOW.plus(Duration.ofHours(2));
        assertThat(storage.tokens().renew("r1", later, List.of(access("a2", "g1")), NOW)).isTrue();
        assertThat(storage.tokens().find("r1").orElseThrow().expiresAt()).isEqualTo(later);
        assertThat(storage.tokens().find("a2")).isPresent();

        assertThat(storage.tokens().renew("r1", DAY.plusSeconds(5), List.of(), NOW)).isTrue();
        assertThat(storage.tokens().find("r1").orElseThrow().expiresAt()).isEqualTo(DAY);
    }

    @Test
    void renewRefusesExpiredAndRevokedTokens() {
        storage.grants().create(grant("g1"), List.of(refresh("r1", "g1", HOUR)));
        assertThat(storage.tokens().renew("r1", DAY, List.of(access("a2", "g1")), HOUR)).isFalse();
        assertThat(storage.tokens().find("a2")).isEmpty();
        storage.grants().revoke("g1", NOW);
        assertThat(storage.tokens().renew("r1", DAY, List.of(access("a3", "g1")), NOW)).isFalse();
        assertThat(storage.tokens().find("a3")).isEmpty();
        assertThat(storage.tokens().find("r1").orElseThrow().expiresAt()).isEqualTo(HOUR);
    }

    // --- nothing half-written

    @ParameterizedTest
    @EnumSource(InstrumentedDataSource.Failure.class)
    void aGrantWhoseTokenInsertFailsLeavesNothing(InstrumentedDataSource.Failure how) {
        dataSource.failAtStatement(2, how); // 1: insert the grant, 2: insert its tokens
        assertThatThrownBy(() -> storage.grants().create(grant("g1"),
                List.of(access("a1", "g1"), refresh("r1", "g1", DAY))))
                .isInstanceOf(JdbcStorageException.class)
                .hasMessageContaining("create grant");
        assertThat(storage.grants().find("g1")).isEmpty();
        assertThat(storage.tokens().find("a1")).isEmpty();
        assertThat(storage.tokens().find("r1")).isEmpty();
        storage.grants().create(grant("g1"), List.of(access("a1", "g1")));
        assertThat(storage.tokens().find("a1")).isPresent();
    }

    @ParameterizedTest
    @EnumSource(InstrumentedDataSource.Failure.class)
    void aGrantWhoseCommitFailsLeavesNothing(InstrumentedDataSource.Failure how) {
        dataSource.failAtCommit(how);
        assertThatThrownBy(() -> storage.grants().create(grant("g1"), List.of(access("a1", "g1"))))
                .isInstanceOf(JdbcStorageException.class);
        assertThat(storage.grants().find("g1")).isEmpty();
        assertThat(storage.tokens().find("a1")).isEmpty();
    }

    /** Whether the store runs on PostgreSQL, where rotation and renewal are one statement each. */
    boolean onPostgres() {
        return storage.toString().contains("postgresql");
    }

    @ParameterizedTest
    @EnumSource(InstrumentedDataSource.Failure.class)
    void aRotationWhoseInsertFailsLeavesTheOldTokenActive(InstrumentedDataSource.Failure how) {
        storage.grants().create(grant("g1"), List.of(refresh("r1", "g1", DAY)));
        // H2: 1: mark the old token rotated, 2: insert the new ones (one transaction);
        // PostgreSQL: both in statement 1, which is its own transaction
        dataSource.failAtStatement(onPostgres() ? 1 : 2, how);
        assertThatThrownBy(() -> storage.tokens().rotate("r1",
                List.of(access("a2", "g1"), refresh("r2", "g1", DAY)), NOW))
                .isInstanceOf(JdbcStorageException.class);
        assertThat(storage.tokens().find("r1").orElseThrow().status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(storage.tokens().find("a2")).isEmpty();
        assertThat(storage.tokens().find("r2")).isEmpty();
        // and the client may simply try again
        assertThat(storage.tokens().rotate("r1", List.of(access("a2", "g1"), refresh("r2", "g1", DAY)), NOW))
                .isInstanceOf(RotateResult.Rotated.class);
    }

    @Test
    void onPostgresARotationIsOneStatementWithNoSeparateCommit() {
        storage.grants().create(grant("g1"), List.of(refresh("r1", "g1", DAY)));
        dataSource.reset();
        assertThat(storage.tokens().rotate("r1", List.of(access("a2", "g1"), refresh("r2", "g1", DAY)), NOW))
                .isInstanceOf(RotateResult.Rotated.class);
        // H2: UPDATE, the grant's last use, batch INSERT, commit; PostgreSQL: one data-modifying CTE in auto-commit
        assertThat(dataSource.statements()).isEqualTo(onPostgres() ? 1 : 3);
        assertThat(dataSource.commits()).isEqualTo(onPostgres() ? 0 : 1);
        assertThat(storage.tokens().find("r1").orElseThrow().status()).isEqualTo(TokenStatus.ROTATED);
        assertThat(storage.tokens().find("a2")).isPresent();
        assertThat(storage.tokens().find("r2")).isPresent();
    }

    @ParameterizedTest
    @EnumSource(InstrumentedDataSource.Failure.class)
    void aRotationWhoseCommitFailsLeavesTheOldTokenActive(InstrumentedDataSource.Failure how) {
        storage.grants().create(grant("g1"), List.of(refresh("r1", "g1", DAY)));
        if (onPostgres()) {
            // one statement in auto-commit: the statement itself is where it can fail
            dataSource.failAtStatement(1, how);
        } else {
            dataSource.failAtCommit(how);
        }
        assertThatThrownBy(() -> storage.tokens().rotate("r1", List.of(refresh("r2", "g1", DAY)), NOW))
                .isInstanceOf(JdbcStorageException.class);
        assertThat(storage.tokens().find("r1").orElseThrow().status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(storage.tokens().find("r2")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(InstrumentedDataSource.Failure.class)
    void aRenewalWhoseInsertFailsLeavesTheExpiry(InstrumentedDataSource.Failure how) {
        storage.grants().create(grant("g1"), List.of(refresh("r1", "g1", HOUR)));
        dataSource.failAtStatement(onPostgres() ? 1 : 2, how); // as for rotation
        assertThatThrownBy(() -> storage.tokens().renew("r1", DAY, List.of(access("a2", "g1")), NOW))
                .isInstanceOf(JdbcStorageException.class);
        assertThat(storage.tokens().find("r1").orElseThrow().expiresAt()).isEqualTo(HOUR);
        assertThat(storage.tokens().find("a2")).isEmpty();
    }

    @Test
    void aFailedConsumeLeavesTheCodeRedeemable() {
        storage.codes().save(code("c1"));
        dataSource.failAtStatement(1, InstrumentedDataSource.Failure.DROP);
        assertThatThrownBy(() -> storage.codes().consume("c1")).isInstanceOf(JdbcStorageException.class);
        assertThat(storage.codes().consume("c1")).isInstanceOf(ConsumeResult.Consumed.class);
    }

    // --- single-use values and pushed requests (issue 11 item 9)

    @Test
    void markingAValueUsedIsOneStatementWhetherFirstOrNot_rfc9449_11_1() {
        dataSource.reset();
        assertThat(storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, "jti-hash", HOUR)).isTrue();
        assertThat(dataSource.statements()).isEqualTo(1);
        dataSource.reset();
        assertThat(storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, "jti-hash", HOUR)).isFalse();
        assertThat(dataSource.statements()).isEqualTo(1);
        assertThat(dataSource.commits()).as("auto-commit: no separate commit").isZero();
    }

    @ParameterizedTest
    @EnumSource(InstrumentedDataSource.Failure.class)
    void aFailedMarkIsAStorageFaultNeverAnAnswer(InstrumentedDataSource.Failure how) {
        // Neither "first use" (a replay would pass) nor "used before" (a good proof refused as a
        // replay): the engine answers server_error and the client may retry.
        dataSource.failAtStatement(1, how);
        assertThatThrownBy(() -> storage.singleUse().markUsed(SingleUseKind.CLIENT_ASSERTION, "jti-hash", HOUR))
                .isInstanceOf(JdbcStorageException.class)
                .hasMessageContaining("single-use")
                .hasMessageNotContaining("jti-hash");
        assertThat(storage.singleUse().markUsed(SingleUseKind.CLIENT_ASSERTION, "jti-hash", HOUR)).isTrue();
    }

    @Test
    void consumingAPushedRequestIsOneStatement_rfc9126_4() {
        storage.pushedRequests().save(new PushedRequest("uri-hash", "app", "response_type=code", HOUR));
        dataSource.reset();
        assertThat(storage.pushedRequests().consume("uri-hash")).isTrue();
        assertThat(dataSource.statements()).isEqualTo(1);
        dataSource.reset();
        assertThat(storage.pushedRequests().consume("uri-hash")).isFalse();
        assertThat(dataSource.statements()).isEqualTo(1);
    }

    @Test
    void aFailedConsumeLeavesThePushedRequestUsable() {
        storage.pushedRequests().save(new PushedRequest("uri-hash", "app", "response_type=code", HOUR));
        dataSource.failAtStatement(1, InstrumentedDataSource.Failure.DROP);
        assertThatThrownBy(() -> storage.pushedRequests().consume("uri-hash"))
                .isInstanceOf(JdbcStorageException.class);
        assertThat(storage.pushedRequests().consume("uri-hash")).isTrue();
    }

    @Test
    void aDuplicatePushedRequestHashIsAStorageFault() {
        storage.pushedRequests().save(new PushedRequest("uri-hash", "app", "response_type=code", HOUR));
        assertThatThrownBy(() -> storage.pushedRequests().save(
                new PushedRequest("uri-hash", "other", "response_type=code", HOUR)))
                .isInstanceOf(JdbcStorageException.class)
                .hasMessageNotContaining("uri-hash");
        assertThat(storage.pushedRequests().find("uri-hash").orElseThrow().clientId()).isEqualTo("app");
    }

    @Test
    void purgeTakesSingleUseValuesAndPushedRequestsInTheSameBoundedBatches() {
        Instant past = NOW.minusSeconds(1);
        for (int i = 0; i < 3; i++) {
            storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, "old-jti" + i, past);
            storage.pushedRequests().save(new PushedRequest("old-uri" + i, "app", "response_type=code", past));
        }
        storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, "live-jti", HOUR);
        storage.pushedRequests().save(new PushedRequest("live-uri", "app", "response_type=code", HOUR));

        assertThat(storage.purgeExpired(NOW, 4)).isEqualTo(4);
        assertThat(storage.purgeExpired(NOW, 4)).isEqualTo(2);
        assertThat(storage.purgeExpired(NOW, 4)).isZero();
        assertThat(storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, "live-jti", HOUR)).isFalse();
        assertThat(storage.pushedRequests().find("live-uri")).isPresent();
        assertThat(storage.pushedRequests().find("old-uri0")).isEmpty();
    }

    // --- purging

    @Test
    void purgeDeletesExpiredRowsInBoundedBatches() {
        Instant past = NOW.minusSeconds(1);
        for (int i = 0; i < 4; i++) {
            storage.codes().save(new AuthorizationCode("old-c" + i, "g", "app", "u", "https://x.example/cb", true,
                    Set.of(), null, null, null, NOW.minusSeconds(120), NOW.minusSeconds(120), past));
        }
        storage.codes().save(code("live-code"));
        storage.codes().consume("live-code"); // consumed but not expired: kept, so a replay is recognised
        storage.grants().create(new Grant("old-g", "app", "u", Set.of(), NOW, NOW.minusSeconds(7200), past, null),
                List.of(Token.active("old-a", TokenKind.ACCESS, "old-g", "app", "u", Set.of(),
                        NOW.minusSeconds(7200), past, past)));
        storage.grants().create(grant("live-g"), List.of(access("live-a", "live-g"), refresh("live-r", "live-g", DAY)));

        assertThat(storage.purgeExpired(NOW, 3)).isEqualTo(3);
        assertThat(storage.purgeExpired(NOW, 3)).isEqualTo(3); // 1 code, the token, the grant
        assertThat(storage.purgeExpired(NOW, 3)).isZero();
        assertThat(storage.grants().find("old-g")).isEmpty();
        assertThat(storage.tokens().find("old-a")).isEmpty();
        assertThat(storage.codes().consume("old-c0")).isInstanceOf(ConsumeResult.NotFound.class);
        assertThat(storage.codes().consume("live-code")).isInstanceOf(ConsumeResult.Replayed.class);
        assertThat(storage.tokens().find("live-a")).isPresent();
        assertThat(storage.tokens().find("live-r")).isPresent();
        assertThat(storage.grants().find("live-g")).isPresent();
    }

    @Test
    void purgeKeepsRowsThatExpireExactlyNow() {
        storage.grants().create(grant("g1"), List.of(Token.active("a1", TokenKind.ACCESS, "g1", "app", "u", Set.of(),
                NOW.minusSeconds(60), NOW, NOW)));
        assertThat(storage.purgeExpired(NOW, 10)).isZero();
        assertThat(storage.purgeExpired(NOW.plusNanos(1000), 10)).isEqualTo(1);
    }

    // --- consents

    @Test
    void consentsAreSavedReplacedAndRevoked() {
        Consent first = new Consent("user-1", "app", Set.of("profile"), NOW);
        Consent wider = new Consent("user-1", "app", Set.of("profile", "email"), HOUR);
        storage.consents().save(first);
        assertThat(storage.consents().find("user-1", "app")).contains(first);
        storage.consents().save(wider);
        assertThat(storage.consents().find("user-1", "app")).contains(wider);
        assertThat(storage.consents().find("user-2", "app")).isEmpty();
        assertThat(storage.consents().revoke("user-1", "app")).isTrue();
        assertThat(storage.consents().revoke("user-1", "app")).isFalse();
        assertThat(storage.consents().find("user-1", "app")).isEmpty();
    }

    // --- encodings

    @Test
    void instantsAreKeptToTheMicrosecond() {
        Instant precise = NOW.plusNanos(123_456_789);
        storage.grants().create(new Grant("g1", "app", "u", Set.of(), precise, precise, DAY, null), List.of());
        assertThat(storage.grants().find("g1").orElseThrow().createdAt()).isEqualTo(NOW.plusNanos(123_456_000));
    }

    @Test
    void aScopeWithASpaceIsRefusedRatherThanSplit() {
        assertThatThrownBy(() -> storage.grants().create(
                new Grant("g1", "app", "u", Set.of("a b"), NOW, NOW, DAY, null), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.grants().find("g1")).isEmpty();
    }

    @Test
    void aDuplicateTokenHashIsAStorageFault() {
        storage.grants().create(grant("g1"), List.of(access("a1", "g1")));
        assertThatThrownBy(() -> storage.tokens().save(access("a1", "g1")))
                .isInstanceOf(JdbcStorageException.class)
                .hasMessageNotContaining("a1");
    }

    // --- helpers

    static Grant grant(String id) {
        return new Grant(id, "app", "user-1", Set.of("openid", "profile"), NOW, NOW, DAY, null);
    }

    static Token access(String hash, String grantId) {
        return Token.active(hash, TokenKind.ACCESS, grantId, "app", "user-1", Set.of("profile"), NOW, HOUR, HOUR);
    }

    static Token refresh(String hash, String grantId, Instant expiresAt) {
        return Token.active(hash, TokenKind.REFRESH, grantId, "app", "user-1", Set.of("openid", "profile"), NOW,
                expiresAt, DAY);
    }

    static AuthorizationCode code(String hash) {
        return new AuthorizationCode(hash, "g-" + hash, "app", "user-1", "id.nu.app:/cb", true,
                Set.of("openid", "profile"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256", "n-0S6",
                NOW.minusSeconds(5), NOW, NOW.plusSeconds(60));
    }

    /** Every value of every column of every nuid_oauth table, as text. */
    static String dump(javax.sql.DataSource dataSource) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String table : List.of("nuid_oauth_client", "nuid_oauth_code", "nuid_oauth_grant",
                    "nuid_oauth_token", "nuid_oauth_consent", "nuid_oauth_single_use", "nuid_oauth_pushed_request",
                    "nuid_oauth_registration")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            all.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        return all.toString();
    }

    /** Runs {@code n} calls at once (released together) and returns their results in call order. */
    static <T> List<T> concurrently(int n, IndexedCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> task = () -> {
                    start.await();
                    return call.call(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A call that knows which of the concurrent calls it is. */
    @FunctionalInterface
    interface IndexedCall<T> {
        T call(int index) throws Exception;
    }
}
