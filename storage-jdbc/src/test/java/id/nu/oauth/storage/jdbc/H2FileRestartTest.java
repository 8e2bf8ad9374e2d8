package id.nu.oauth.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthorizationServer;
import java.net.URI;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 in a file, as the demo portal runs it: users keep their tokens across a restart. */
class H2FileRestartTest {

    @TempDir
    Path dir;

    @Test
    void tokensSurviveARestartOnAnH2File() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("oauth").toAbsolutePath();
        AuthorizationServer before = start(url);
        AccessTokenResponse tokens = Flows.tokens(Flows.exchange(before, Flows.authorize(before, "user-1")));
        // no pool and no DB_CLOSE_DELAY: H2 closed the file when the last connection did, as at shutdown

        AuthorizationServer restarted = start(url);
        assertThat(restarted.validateAccessToken(tokens.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Active.class);
        AccessTokenResponse refreshed = Flows.tokens(
                Flows.refresh(restarted, tokens.getTokens().getRefreshToken().getValue()));
        assertThat(refreshed.getTokens().getRefreshToken()).isNotNull();
    }

    private static AuthorizationServer start(String url) {
        JdbcDataSource file = new JdbcDataSource();
        file.setURL(url);
        return AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(JdbcStorage.detect(file).createSchema())
                .client(Flows.mobileApp())
                .build();
    }
}
