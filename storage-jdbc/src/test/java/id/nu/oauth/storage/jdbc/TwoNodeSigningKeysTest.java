package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.StoredSigningKeys;
import id.nu.oauth.storage.contract.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signing keys shared by two nodes on one PostgreSQL (issue 12 item 6): two engines, each with its
 * own HikariCP pool, {@link JdbcStorage} and {@link StoredSigningKeys}, one clock moved by hand. A
 * rotation made at one node signs at the other within the bound, both publish every key that may
 * have signed a live token, the table holds no key material, and a wrong encryption key stops a
 * node at start-up.
 */
class TwoNodeSigningKeysTest {

    private static final URI ISSUER = URI.create("https://portal.example.or.id/api");
    private static final String SERVICE = "batch-service";
    private static final String SECRET = SecretHash.generateSecret();
    private static final Duration PERIOD = Duration.ofHours(1);
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final Instant START = Instant.parse("2040-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final byte[] kek = randomKey();
    private DataSource database;
    private HikariDataSource poolA;
    private HikariDataSource poolB;

    @BeforeEach
    void database() {
        database = TestDatabases.postgres();
        poolA = pool("keys-a");
        poolB = pool("keys-b");
    }

    @AfterEach
    void close() {
        poolA.close();
        poolB.close();
    }

    private HikariDataSource pool(String name) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMaximumPoolSize(10);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private StoredSigningKeys.Builder keys(DataSource pool) {
        return StoredSigningKeys.builder().storage(JdbcStorage.postgres(pool).createSchema()).encryptionKey(kek)
                .rotationPeriod(PERIOD).cacheTtl(TTL).clock(clock);
    }

    private AuthorizationServer node(DataSource pool) {
        JdbcStorage storage = JdbcStorage.postgres(pool).createSchema();
        return AuthorizationServer.builder()
                .issuer(ISSUER)
                .clock(clock)
                .storage(storage)
                .signingKeys(keys(pool).build())
                .client(Client.confidential(SERVICE, SecretHash.of(SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                        .accessTokenFormat(AccessTokenFormat.JWT).build())
                .build();
    }

    /** A JWT access token (RFC 9068) signed by the node now. */
    private static String sign(AuthorizationServer node) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((SERVICE + ":" + SECRET)
                .getBytes(StandardCharsets.UTF_8));
        EndpointResponse r = node.token(EndpointRequest.of(Map.of("grant_type", "client_credentials"), basic));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return com.nimbusds.jose.util.JSONObjectUtils.parse(r.body()).get("access_token").toString();
    }

    private static String kid(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }

    /** Nimbus verifies the signature with the key of the token's kid in the node's published JWK set. */
    private static boolean verifies(String jwt, AuthorizationServer node) throws Exception {
        SignedJWT signed = SignedJWT.parse(jwt);
        JWK jwk = JWKSet.parse(node.jwks()).getKeyByKeyId(signed.getHeader().getKeyID());
        return jwk != null && signed.verify(new DefaultJWSVerifierFactory()
                .createJWSVerifier(signed.getHeader(), ((RSAKey) jwk).toPublicKey()));
    }

    private List<String> storedKids() throws Exception {
        List<String> kids = new ArrayList<>();
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT key_id FROM nuid_oauth_signing_key ORDER BY generation")) {
            while (rs.next()) {
                kids.add(rs.getString(1));
            }
        }
        return kids;
    }

    @Test
    void twoNodesStartingAtOnceMakeOneKeyAndVerifyEachOthersTokens_rfc7517_5() throws Exception {
        List<AuthorizationServer> nodes = JdbcStorageTests.concurrently(2, i -> node(i == 0 ? poolA : poolB));
        AuthorizationServer a = nodes.get(0);
        AuthorizationServer b = nodes.get(1);

        String fromA = sign(a);
        String fromB = sign(b);

        assertThat(storedKids()).hasSize(1);
        assertThat(kid(fromA)).isEqualTo(kid(fromB));
        assertThat(verifies(fromA, b)).isTrue();
        assertThat(verifies(fromB, a)).isTrue();
    }

    @Test
    void aRotationAtOneNodeIsUsedForSigningByTheOtherWithinTheBound() throws Exception {
        AuthorizationServer a = node(poolA);
        AuthorizationServer b = node(poolB);
        String first = kid(sign(a));

        clock.set(START.plus(PERIOD).minus(TTL.multipliedBy(2)).minusSeconds(30));
        assertThat(kid(sign(b))).isEqualTo(first); // B reads the keys
        clock.advance(Duration.ofSeconds(30));      // the successor is due: A makes it
        String early = sign(a);
        assertThat(kid(early)).isEqualTo(first);
        List<String> kids = storedKids();
        assertThat(kids).hasSize(2);
        String second = kids.get(1);

        clock.advance(TTL); // within one TTL of its read, B publishes the successor
        assertThat(JWKSet.parse(b.jwks()).getKeyByKeyId(second)).isNotNull();
        String lastOfFirst = sign(b);
        assertThat(kid(lastOfFirst)).isEqualTo(first);

        clock.set(START.plus(PERIOD)); // both switch at the period's end
        String fromB = sign(b);
        assertThat(kid(fromB)).isEqualTo(second);
        assertThat(kid(sign(a))).isEqualTo(second);
        assertThat(verifies(fromB, a)).isTrue();
        for (String token : List.of(early, lastOfFirst)) {
            assertThat(verifies(token, a)).isTrue();
            assertThat(verifies(token, b)).isTrue();
        }
        assertThat(storedKids()).as("never two new keys for one period").hasSize(2);
    }

    @Test
    void fiftyRequestsOverBothNodesFindingTheRotationDueAtOnceMakeOneKey() throws Exception {
        AuthorizationServer a = node(poolA);
        AuthorizationServer b = node(poolB);
        sign(a);
        clock.set(START.plus(PERIOD).minusSeconds(60));

        List<String> tokens = JdbcStorageTests.concurrently(50, i -> sign(i % 2 == 0 ? a : b));

        assertThat(storedKids()).hasSize(2);
        for (String token : tokens) {
            assertThat(verifies(token, a)).isTrue();
            assertThat(verifies(token, b)).isTrue();
        }
    }

    @Test
    void theTableHoldsNoPrivateJwkParameterOrKeyMaterial() throws Exception {
        node(poolA);
        StringBuilder everything = new StringBuilder();
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM nuid_oauth_signing_key")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    String value = rs.getString(i);
                    everything.append(value).append('\n');
                    if (value != null && value.contains(".")) {
                        for (String part : value.split("\\.")) {
                            everything.append(new String(new Base64URL(part).decode(), StandardCharsets.ISO_8859_1))
                                    .append('\n');
                        }
                    }
                }
            }
        }
        assertThat(everything).isNotEmpty();
        for (String name : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"", "\"n\"", "\"kty\"",
                "PRIVATE KEY")) {
            assertThat(everything.toString()).as(name).doesNotContain(name);
        }
    }

    @Test
    void aNodeWithAWrongEncryptionKeyFailsAtStartUpWithAClearError() throws Exception {
        node(poolA);

        assertThatThrownBy(() -> keys(poolB).encryptionKey(randomKey()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot decrypt stored signing key " + storedKids().get(0))
                .hasMessageContaining("not the key the signing keys were stored with");
        assertThat(storedKids()).hasSize(1);
    }
}
