package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.memory.InMemoryStorage;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --storage} and {@code --issuer} options: parsing, opening, purging, closing, and the errors. */
class DemoStorageTest {

    @Test
    void theThreeFormsParse() throws Exception {
        assertThat(DemoStorage.Spec.parse("memory")).isEqualTo(DemoStorage.Spec.MEMORY);
        assertThat(DemoOptions.parse(new String[0]).storage()).isEqualTo(DemoStorage.Spec.MEMORY);

        DemoStorage.Spec h2 = DemoOptions.parse(new String[] {"--storage", "h2:data/../data/nuid-demo"}).storage();
        assertThat(h2.kind()).isEqualTo(DemoStorage.Kind.H2);
        assertThat(h2.target()).isEqualTo(Path.of("data/nuid-demo").toAbsolutePath().toString());
        // H2 adds .mv.db itself: naming the file it shows is the same database
        assertThat(DemoStorage.Spec.parse("h2:data/nuid-demo.mv.db")).isEqualTo(h2);
        assertThat(h2.describe()).isEqualTo("H2 file " + h2.target() + ".mv.db");

        DemoStorage.Spec pg = DemoOptions.parse(new String[] {
            "--storage=postgres:jdbc:postgresql://127.0.0.1:5432/portal?user=portal&password=s3cret"}).storage();
        assertThat(pg).isEqualTo(new DemoStorage.Spec(DemoStorage.Kind.POSTGRES,
                "jdbc:postgresql://127.0.0.1:5432/portal?user=portal&password=s3cret"));
        assertThat(pg.describe()).isEqualTo("PostgreSQL jdbc:postgresql://127.0.0.1:5432/portal?user=portal&password=***");
    }

    @Test
    void badStorageValuesAreOneLineUsageErrors() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--storage", "mysql://u:pw@db/portal"}))
                .isInstanceOf(DemoOptions.UsageException.class)
                .hasMessage("--storage must be memory, h2:<file-path> or postgres:<jdbc-url>, not mysql://u:***@db/portal");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--storage", "h2:"}))
                .hasMessage("--storage h2: needs a file path, such as h2:examples/data/nuid-demo");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--storage", "h2:./x;AUTO_SERVER=TRUE"}))
                .hasMessage("--storage h2: takes a file path, not H2 URL settings (no ';')");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--storage", "postgres://db/portal?password=pw"}))
                .hasMessage("--storage postgres: needs a JDBC URL such as "
                        + "postgres:jdbc:postgresql://127.0.0.1:5432/portal, not //db/portal?password=***");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--storage"})).hasMessage("--storage needs a value");
    }

    @Test
    void theIssuerOptionFollowsTheEnginesRule_rfc8414_2() throws Exception {
        DemoOptions options = DemoOptions.parse(new String[] {"--issuer", "https://portal.example.or.id/api"});
        assertThat(options.issuerFor(URI.create("http://127.0.0.1:9000"))).hasToString("https://portal.example.or.id/api");
        assertThat(DemoOptions.parse(new String[] {"--base-path", "/sso"}).issuerFor(URI.create("http://127.0.0.1:9000")))
                .hasToString("http://127.0.0.1:9000/sso");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--issuer", "http://portal.example.or.id/api"}))
                .hasMessage("--issuer http://portal.example.or.id/api: the issuer must be an https URL (http only on loopback)");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--issuer", "https://portal.example.or.id/api?x=1"}))
                .hasMessage("--issuer https://portal.example.or.id/api?x=1: the issuer has no query or fragment (RFC 8414 §2)");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--issuer", "portal"}))
                .hasMessage("--issuer must look like https://portal.example.or.id/api, not portal");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--issuer", "https://x y"}))
                .hasMessage("--issuer is not a URL: https://x y");
    }

    @Test
    void memoryIsTheInMemoryStore() throws Exception {
        try (DemoStorage storage = DemoStorage.open(DemoStorage.Spec.MEMORY, name -> null)) {
            assertThat(storage.storage()).isInstanceOf(InMemoryStorage.class);
            assertThat(storage.persistent()).isFalse();
            assertThat(storage.purging()).isTrue();
        }
    }

    @Test
    void thePurgeJobDeletesInBoundedBatchesUntilNothingIsLeft(@TempDir Path dir) throws Exception {
        DemoStorage.Spec spec = DemoStorage.Spec.parse("h2:" + dir.resolve("purge"));
        DemoStorage storage = DemoStorage.open(spec, name -> null);
        assertThat(storage.storage()).isInstanceOf(JdbcStorage.class);
        assertThat(storage.persistent()).isTrue();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int expired = 2 * DemoStorage.PURGE_BATCH + 345;
        for (int i = 0; i < expired; i++) {
            storage.storage().codes().save(code("expired-" + i, now.minusSeconds(120), now.minusSeconds(60)));
        }
        storage.storage().codes().save(code("live", now, now.plusSeconds(60)));

        assertThat(storage.purgeExpired(now)).isEqualTo(expired); // three rounds: 1000, 1000, 345
        assertThat(storage.purgeExpired(now)).isZero();
        assertThat(storage.storage().codes().consume("expired-0")).isInstanceOf(ConsumeResult.NotFound.class);
        assertThat(storage.storage().codes().consume("live")).isInstanceOf(ConsumeResult.Consumed.class);

        storage.close();
        assertThat(storage.purging()).isFalse();
        storage.close(); // twice is fine
        // the database file was closed: a new store opens it and still finds the consumed code
        try (DemoStorage reopened = DemoStorage.open(spec, name -> null)) {
            assertThat(reopened.storage().codes().consume("live")).isInstanceOf(ConsumeResult.Replayed.class);
        }
    }

    @Test
    void postgresCredentialsMayComeFromTheEnvironment() throws Exception {
        TestPostgres.newDatabase("env_credentials");
        DemoStorage.Spec spec = DemoStorage.Spec.parse("postgres:" + TestPostgres.urlWithoutUser("env_credentials"));
        Map<String, String> env = Map.of(DemoStorage.USER_VARIABLE, "postgres", DemoStorage.PASSWORD_VARIABLE, "unused");
        try (DemoStorage storage = DemoStorage.open(spec, env::get)) {
            Instant now = Instant.now();
            storage.storage().codes().save(code("pg", now, now.plusSeconds(60)));
            assertThat(storage.storage().codes().consume("pg")).isInstanceOf(ConsumeResult.Consumed.class);
        }
        // without them, the driver tries a user that does not exist: one line saying so
        assertThatThrownBy(() -> DemoStorage.open(spec, Map.of(DemoStorage.USER_VARIABLE, "nobody")::get))
                .isInstanceOf(DemoStorage.StorageException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL " + spec.target() + ": ")
                .hasMessageContaining("\"nobody\"")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnreachableDatabaseIsOneLineWithoutThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        DemoStorage.Spec spec = DemoStorage.Spec.parse("postgres:jdbc:postgresql://127.0.0.1:" + closedPort
                + "/portal?user=portal&password=s3cret");
        assertThatThrownBy(() -> DemoStorage.open(spec, name -> null))
                .isInstanceOf(DemoStorage.StorageException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/portal?user=portal&password=***: Connection to 127.0.0.1:" + closedPort + " refused")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("\n");
    }

    private static AuthorizationCode code(String hash, Instant issuedAt, Instant expiresAt) {
        return new AuthorizationCode(hash, "grant-" + hash, "demo-pkce", "demo", "http://127.0.0.1/demo-client/callback",
                true, Set.of("profile"), null, null, null, issuedAt, issuedAt, expiresAt);
    }
}
