package id.nu.oauth.examples.readme;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.SigningAlgorithm;
import id.nu.oauth.core.StoredSigningKeys;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import javax.sql.DataSource;

/** The README's snippet on signing keys shared by every node, compiled as it is shown. */
final class KeysSnippets {

    private KeysSnippets() {
    }

    static AuthorizationServer shared(DataSource pool) {
        JdbcStorage storage = JdbcStorage.postgres(pool).createSchema();
        StoredSigningKeys keys = StoredSigningKeys.builder()
                .storage(storage)
                .encryptionKey(Base64.getDecoder().decode(System.getenv("OAUTH_KEY_ENCRYPTION_KEY")))  // 32 bytes
                .algorithms(SigningAlgorithm.RS256, SigningAlgorithm.ES256)
                .rotationPeriod(Duration.ofDays(30))
                .build();                      // reads or makes the keys; a wrong encryption key fails here
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(storage)
                .signingKeys(keys)
                .build();
        return server;
    }
}
