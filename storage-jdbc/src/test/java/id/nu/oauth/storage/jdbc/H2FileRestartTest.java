package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthorizationServer;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 in a file, as the demo portal runs it: users keep their tokens across a restart. Like the demo
 * (and any host with a pool), each life holds a connection for its whole length, so the file is
 * opened once and closed once, at the end. Without it H2 opens and closes the file around every
 * statement; under heavy load that once left a freshly created schema without one of its last
 * columns ("Column JKT not found", then "Column ACR not found" in a loop of this test).
 */
class H2FileRestartTest {

    @TempDir
    Path dir;

    @Test
    void tokensSurviveARestartOnAnH2File() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("oauth").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        AccessTokenResponse tokens;
        JdbcDataSource file = dataSource(url);
        try (Connection life = file.getConnection()) {
            AuthorizationServer before = start(file);
            tokens = Flows.tokens(Flows.exchange(before, Flows.authorize(before, "user-1")));
        } // the last connection closes: H2 closes the file, as at shutdown

        JdbcDataSource reopened = dataSource(url);
        try (Connection life = reopened.getConnection()) {
            AuthorizationServer restarted = start(reopened);
            assertThat(restarted.validateAccessToken(tokens.getTokens().getAccessToken().getValue()))
                    .isInstanceOf(AccessTokenValidation.Active.class);
            AccessTokenResponse refreshed = Flows.tokens(
                    Flows.refresh(restarted, tokens.getTokens().getRefreshToken().getValue()));
            assertThat(refreshed.getTokens().getRefreshToken()).isNotNull();
        }
    }

    private static JdbcDataSource dataSource(String url) {
        JdbcDataSource file = new JdbcDataSource();
        file.setURL(url);
        return file;
    }

    private static AuthorizationServer start(JdbcDataSource file) {
        return AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(JdbcStorage.detect(file).createSchema())
                .client(Flows.mobileApp())
                .build();
    }
}
