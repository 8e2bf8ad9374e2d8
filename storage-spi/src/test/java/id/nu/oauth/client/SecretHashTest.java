package id.nu.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretHashTest {

    /** Made once with {@link SecretHash#generateSecret()}. */
    private static final String SECRET = "e5wNczip_39QLHlW69N14Cx4VeWVonpq5r1NopEih8M";

    @Test
    void matchesTheSecretItWasMadeFrom() {
        SecretHash hash = SecretHash.of(SECRET);

        assertThat(hash.matches(SECRET)).isTrue();
    }

    @Test
    void doesNotMatchAnythingElse() {
        SecretHash hash = SecretHash.of(SECRET);

        assertThat(hash.matches(SECRET.substring(0, SECRET.length() - 1) + "N")).isFalse();
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
        String randomHex = "9f2c41d87be03a65c1f0e4b2d9a87c13"; // 32 characters, 128 random bits
        assertThat(SecretHash.of(randomHex).matches(randomHex)).isTrue();
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

    // ---- entropy: at least 128 bits, estimated (SecretEntropy)

    @ParameterizedTest
    @ValueSource(strings = {
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",   // one character
        "abababababababababababababababababababababababababababababababab",   // two
        "01234567890123456789012345678901234567890123456789",                 // a sequence, repeated
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",     // three sequences
        "Password1!Password1!Password1!Password1!Password1!",                 // a word, repeated
        "31415926535897932384626433832795",                                   // 32 digits: 106 bits
        "zyxwvutsrqponmlkjihgfedcbazyxwvutsrqponmlkjihgfedcba",               // a sequence backwards, repeated
        "Xq3!Xq3!Xq3!Xq3!Xq3!Xq3!Xq3!Xq3!Xq3!Xq3!",                           // four characters, repeated
        "9f2c41d87be03a65c1f0e4b2d9a87c1",                                    // 31 hex digits: 124 bits
        "550e8400-e29b-41d4-a716-446655440000",                               // a UUID: 122 bits at best
    })
    void guessableSecretsAreRefusedWithoutEchoingThem(String weak) {
        assertThatThrownBy(() -> SecretHash.of(weak))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(weak)
                .hasMessageNotContaining(weak.substring(0, 8))
                .satisfiesAnyOf(
                        e -> assertThat(e).hasMessage("client secrets must be at least 32 characters"),
                        e -> assertThat(e).hasMessageContaining("at least 128 bits of entropy")
                                .hasMessageContaining("SecretHash.generateSecret()"));
    }

    @Test
    void generatedSecretsAlwaysPass() {
        for (int i = 0; i < 2_000; i++) {
            String secret = SecretHash.generateSecret();
            assertThat(SecretEntropy.bits(secret)).as(secret).isGreaterThanOrEqualTo(128.0); // the rule; usually ~250 (43 characters over 52-64)
            assertThat(SecretHash.of(secret).matches(secret)).isTrue();
        }
    }

    @Test
    void random32HexDigitSecretsPass() {
        // 32 hex digits are exactly 128 random bits; a seeded generator keeps the test repeatable
        java.util.Random random = new java.util.Random(20260301);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder hex = new StringBuilder();
            for (int j = 0; j < 32; j++) {
                hex.append(Character.forDigit(random.nextInt(16), 16));
            }
            String secret = i % 2 == 0 ? hex.toString() : hex.toString().toUpperCase(java.util.Locale.ROOT);
            assertThat(SecretEntropy.bits(secret)).as(secret).isEqualTo(128.0);
        }
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        String fresh = java.util.HexFormat.of().formatHex(bytes);
        assertThat(SecretHash.of(fresh).matches(fresh)).isTrue();
    }

    @Test
    void aStoredHashIsNotCheckedAgain() throws Exception {
        // a hash stored before the entropy rule, of a secret the rule now refuses, still parses and matches
        String weak = "x".repeat(40);
        byte[] salt = new byte[16];
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        sha256.update(salt);
        byte[] hash = sha256.digest(weak.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String stored = "sha256$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);

        assertThatThrownBy(() -> SecretHash.of(weak)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SecretHash.parse(stored).matches(weak)).isTrue();
    }
}
