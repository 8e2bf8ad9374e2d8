package id.nu.oauth.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stored records other than {@link Client} have no builders: their rules are in their canonical
 * constructors, so whatever makes one (the engine, a store reading a row) gets the same checks.
 */
class StoredRecordsTest {

    private static final Instant NOW = Instant.parse("2040-01-01T00:00:00Z");

    @Test
    void aCodeChallengeWithoutItsMethodIsRefused_rfc7636_4_3() {
        assertThatThrownBy(() -> new AuthorizationCode("hash", "grant", "app", "user", "id.nu.app:/cb", true,
                Set.of(), "challenge", null, null, NOW, NOW, NOW.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("challenge");
        assertThatThrownBy(() -> new AuthorizationCode("hash", "grant", "app", "user", "id.nu.app:/cb", true,
                Set.of(), null, "S256", null, NOW, NOW, NOW.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokenCannotOutliveItsAbsoluteLimit() {
        assertThatThrownBy(() -> new Token("hash", TokenKind.REFRESH, "grant", "app", "user", Set.of(), NOW,
                NOW.plus(Duration.ofDays(31)), NOW.plus(Duration.ofDays(30)), TokenStatus.ACTIVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
    }

    @Test
    void requiredPartsOfEveryRecordAreRequired() {
        assertThatThrownBy(() -> new Grant("grant", null, "user", Set.of(), NOW, NOW, NOW, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Consent("user", "app", Set.of(), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TokenWithGrant(null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
