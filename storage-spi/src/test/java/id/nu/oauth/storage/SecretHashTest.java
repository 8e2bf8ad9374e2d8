package id.nu.oauth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretHashTest {

    private static final String SECRET = "s3cr3t-of-exactly-thirty-two-ch!";

    @Test
    void matchesTheSecretItWasMadeFrom() {
        SecretHash hash = SecretHash.of(SECRET);

        assertThat(hash.matches(SECRET)).isTrue();
    }

    @Test
    void doesNotMatchAnythingElse() {
        SecretHash hash = SecretHash.of(SECRET);

        assertThat(hash.matches("s3cr3t-of-exactly-thirty-two-ch?")).isFalse();
        assertThat(hash.matches(SECRET + " ")).isFalse();
        assertThat(hash.matches(SECRET.substring(1))).isFalse();
        assertThat(hash.matches(SECRET.toUpperCase())).isFalse();
        assertThat(hash.matches("")).isFalse();
        assertThat(hash.matches(null)).isFalse();
    }

    @Test
    void theEncodedFormRoundTrips() {
        SecretHash hash = SecretHash.of(SECRET);

        SecretHash parsed = SecretHash.parse(hash.encoded());

        assertThat(parsed).isEqualTo(hash).hasSameHashCodeAs(hash);
        assertThat(parsed.matches(SECRET)).isTrue();
        assertThat(parsed.matches(SECRET + "x")).isFalse();
        assertThat(parsed.encoded()).isEqualTo(hash.encoded());
        assertThat(hash.encoded()).startsWith("sha256$").doesNotContain(SECRET);
    }

    @Test
    void eachHashHasItsOwnSalt() {
        SecretHash first = SecretHash.of(SECRET);
        SecretHash second = SecretHash.of(SECRET);

        assertThat(first).isNotEqualTo(second);
        assertThat(first.encoded()).isNotEqualTo(second.encoded());
        assertThat(first.matches(SECRET)).isTrue();
        assertThat(second.matches(SECRET)).isTrue();
    }

    @Test
    void secretsShorterThan32CharactersAreRefusedWithoutEchoingThem() {
        String tooShort = "x".repeat(SecretHash.MIN_SECRET_LENGTH - 1);

        assertThatThrownBy(() -> SecretHash.of(tooShort))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32")
                .hasMessageNotContaining(tooShort);
        assertThat(SecretHash.of("x".repeat(SecretHash.MIN_SECRET_LENGTH)).matches("x".repeat(32))).isTrue();
        assertThatThrownBy(() -> SecretHash.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringHidesTheHash() {
        SecretHash hash = SecretHash.of(SECRET);
        String encoded = hash.encoded();
        String[] parts = encoded.substring("sha256$".length()).split("\\$");

        assertThat(hash.toString())
                .doesNotContain(SECRET)
                .doesNotContain(parts[0])
                .doesNotContain(parts[1])
                .doesNotContain(parts[1].substring(0, 8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "plain-text-secret-stored-by-mistake-0123",
        "sha256$",
        "sha256$$",
        "sha256$onlyonepart",
        "sha256$a$b$c",
        "md5$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "SHA256$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "sha256$!!!!$????",
        "sha256$AAAAAAAAAAAAAAAAAAAAAA$AAAA",                                          // hash not 32 bytes
        "sha256$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",                    // salt under 16 bytes
        " sha256$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    })
    void parseRejectsGarbage(String encoded) {
        assertThatThrownBy(() -> SecretHash.parse(encoded)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseRejectsNull() {
        assertThatThrownBy(() -> SecretHash.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void parseAcceptsAWellFormedHashMadeElsewhere() {
        // 16 zero bytes of salt and 32 zero bytes of hash: well formed, matches nothing we know.
        SecretHash parsed = SecretHash.parse("sha256$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(parsed.matches(SECRET)).isFalse();
    }

    @Test
    void generatedSecretsAre256RandomBitsInBase64url() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String secret = SecretHash.generateSecret();
            assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
            assertThat(SecretHash.of(secret).matches(secret)).isTrue();
            seen.add(secret);
        }
        assertThat(seen).hasSize(20);
    }
}
