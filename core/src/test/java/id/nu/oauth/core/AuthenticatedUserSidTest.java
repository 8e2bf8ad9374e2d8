package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The {@code sid} the engine derives when the host names no login session (OpenID Connect
 * Back-Channel Logout 1.0 §2.1: one value per login session): the same value for the same login,
 * a different one for another login, and the documented derivation, so sids stored in grants
 * before an upgrade still match.
 */
class AuthenticatedUserSidTest {

    private static final Instant LOGIN = Instant.parse("2026-12-05T03:00:00.123Z");

    @Test
    void aDerivedSidIsBase64urlOfSha256OfSubjectAndLoginTimeCutTo32Characters() throws Exception {
        AuthenticatedUser user = new AuthenticatedUser("user-42", LOGIN);

        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest(("nuid-oauth sid\nuser-42\n" + LOGIN).getBytes(StandardCharsets.UTF_8));
        assertThat(user.sid())
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected).substring(0, 32))
                .isEqualTo(new AuthenticatedUser("user-42", LOGIN).sid());
    }

    @Test
    void anotherLoginOrAnotherUserGetsAnotherSid() {
        String sid = new AuthenticatedUser("user-42", LOGIN).sid();

        assertThat(new AuthenticatedUser("user-42", LOGIN.plusMillis(1)).sid()).isNotEqualTo(sid);
        assertThat(new AuthenticatedUser("user-43", LOGIN).sid()).isNotEqualTo(sid);
        assertThat(new AuthenticatedUser("üser-42", LOGIN).sid()).hasSize(32).isNotEqualTo(sid);
    }

    @Test
    void aSessionIdTheHostGaveIsTheSid() {
        assertThat(new AuthenticatedUser("user-42", LOGIN).withSessionId("login-7").sid()).isEqualTo("login-7");
    }
}
