package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.InMemorySigningKeys;
import id.nu.oauth.core.SigningAlgorithm;
import id.nu.oauth.core.SigningKey;
import id.nu.oauth.core.SigningKeys;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The core engine on PostgreSQL. */
class PostgresEngineTest extends EngineOnJdbcTests {

    @Override
    DataSource newDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    JdbcStorage storageOn(DataSource dataSource) {
        return JdbcStorage.postgres(dataSource);
    }

    /**
     * RFC 6749 §4.1.2 (a code is redeemed at most once) holds through the consume's one conditional
     * UPDATE, committed on its own before the engine signs: while the id_token is being signed (the
     * engine asks the key source for its signing key), a second connection finds the code row already
     * consumed and can lock it at once ({@code FOR UPDATE NOWAIT}), and no session of the database is
     * inside a transaction. So no row lock is held across the signature (RSA 2048 here, ~1 ms), and
     * concurrent redemptions and replays of other codes never queue behind one.
     */
    @Test
    void noRowLockIsHeldWhileTheTokensAreSigned_rfc6749_4_1_2() throws Exception {
        DataSource db = TestDatabases.postgres();
        InMemorySigningKeys keys = InMemorySigningKeys.generate();
        List<String> duringSigning = new CopyOnWriteArrayList<>();
        SigningKeys probing = new SigningKeys() {
            @Override
            public SigningKey signingKey(SigningAlgorithm algorithm, Instant now) {
                String seen = probe(db);
                if (seen != null) {
                    duringSigning.add(seen);
                }
                return keys.signingKey(algorithm, now);
            }

            @Override
            public List<SigningKey> verificationKeys(Instant now, Duration retention) {
                return keys.verificationKeys(now, retention);
            }
        };
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(JdbcStorage.postgres(db).createSchema())
                .signingKeys(probing)
                .client(Flows.mobileApp())
                .build();

        Flows.IssuedCode code = Flows.authorize(server, "user-1"); // scope openid: the exchange signs an id_token
        AccessTokenResponse tokens = Flows.tokens(Flows.exchange(server, code));

        // OpenID Connect Core 1.0 §3.1.3.3: the id_token, signed while the probe looked
        assertThat(SignedJWT.parse((String) tokens.getCustomParameters().get("id_token")).getState())
                .isEqualTo(SignedJWT.State.SIGNED);
        assertThat(duringSigning).isNotEmpty().allSatisfy(seen -> assertThat(seen)
                .isEqualTo("code consumed and committed, not locked; 0 sessions in a transaction"));
    }

    /**
     * From a connection of its own: the code row's state (null when there is no code yet), whether it
     * can be locked without waiting, and how many other sessions of this database are inside a
     * transaction.
     */
    private static String probe(DataSource db) {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            String state;
            try (ResultSet rs = st.executeQuery("SELECT consumed FROM nuid_oauth_code FOR UPDATE NOWAIT")) {
                if (!rs.next()) {
                    c.rollback();
                    return null;
                }
                state = rs.getBoolean(1) ? "code consumed and committed, not locked" : "code not consumed yet";
            } catch (SQLException e) {
                c.rollback();
                // 55P03 lock_not_available: a transaction holds the row
                return "code row locked (" + e.getSQLState() + ")";
            }
            int inTransaction;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'")) {
                rs.next();
                inTransaction = rs.getInt(1);
            }
            c.rollback();
            return state + "; " + inTransaction + " sessions in a transaction";
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
