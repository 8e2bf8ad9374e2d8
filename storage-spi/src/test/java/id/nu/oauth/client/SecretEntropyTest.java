package id.nu.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The estimator behind SecretHash.of, by its parts. */
class SecretEntropyTest {

    private static double bitsPerChar(int alphabet) {
        return Math.log(alphabet) / Math.log(2);
    }

    @Test
    void theAlphabetIsTheCharacterClassesUsed() {
        assertThat(SecretEntropy.alphabet("0123".chars().toArray())).isEqualTo(10);
        assertThat(SecretEntropy.alphabet("09af".chars().toArray())).isEqualTo(16);     // hex alone
        assertThat(SecretEntropy.alphabet("09AF".chars().toArray())).isEqualTo(16);
        assertThat(SecretEntropy.alphabet("abc".chars().toArray())).isEqualTo(16);      // could be hex: no credit for more
        assertThat(SecretEntropy.alphabet("abz".chars().toArray())).isEqualTo(26);
        assertThat(SecretEntropy.alphabet("a0Z".chars().toArray())).isEqualTo(62);
        assertThat(SecretEntropy.alphabet("a0Z-".chars().toArray())).isEqualTo(95);
        assertThat(SecretEntropy.alphabet("09af-".chars().toArray())).isEqualTo(69);
        assertThat(SecretEntropy.alphabet("\u00e9\u00e8".codePoints().toArray())).isEqualTo(33);
    }

    @Test
    void aRandomLookingStringCountsItsLengthTimesItsAlphabet() {
        assertThat(SecretEntropy.bits("9f2c41d87be03a65c1f0e4b2d9a87c13")).isEqualTo(128.0);
        assertThat(SecretEntropy.bits("e5wNczip_39QLHlW69N14Cx4VeWVonpq5r1NopEih8M"))
                .isCloseTo(43 * bitsPerChar(95), within(1e-9));
        assertThat(SecretEntropy.bits("31415926535897932384626433832795028841971"))
                .isCloseTo(41 * bitsPerChar(10), within(1e-9)); // 41 digits: 136 bits, enough
    }

    @Test
    void patternsOfEightOrMoreCountAsOneCharacter() {
        // "abcdefgh" steps evenly: one symbol, then "xyz" three more
        assertThat(SecretEntropy.symbols("abcdefghXyZ".chars().toArray())).isEqualTo(4);
        // seven are not a pattern
        assertThat(SecretEntropy.symbols("abcdefgXyZ".chars().toArray())).isEqualTo(10);
        // a repeat of earlier text, overlapping or not
        assertThat(SecretEntropy.symbols("Q7#kP2!mQ7#kP2!m".chars().toArray())).isEqualTo(9);
        assertThat(SecretEntropy.symbols("ab".repeat(20).chars().toArray())).isEqualTo(3);
        assertThat(SecretEntropy.symbols("a".repeat(50).chars().toArray())).isEqualTo(1);
        assertThat(SecretEntropy.symbols("97531fdb".chars().toArray())).isEqualTo(8); // '1' to 'f' is no even step
    }

    @Test
    void fewDistinctCharactersCountOverThoseCharacters() {
        // 40 characters from {a, b} without a pattern of 8: counted as 1 bit each, not log2(26)
        String twoLetters = "abbabaabbaababbbaabbbaabababbaaabbabbaab";
        assertThat(SecretEntropy.bits(twoLetters)).isLessThanOrEqualTo(40.0);
    }

    @Test
    void aUuidCountsWhatItHoldsAtMost() {
        assertThat(SecretEntropy.bits(java.util.UUID.randomUUID().toString())).isEqualTo(122.0);
    }

    @Test
    void onlyThePrefixIsAnalysedWhichCanOnlyLowerTheEstimate() {
        String longRandom = "e5wNczip_39QLHlW69N14Cx4VeWVonpq5r1NopEih8M".repeat(10) + "a".repeat(100_000);
        assertThat(SecretEntropy.bits(longRandom)).isGreaterThan(128);
        assertThat(SecretEntropy.bits("a".repeat(100_000))).isZero();
    }

    @Test
    void aPassphraseOfWordsIsBeyondWhatItCanSee() {
        // documented limitation: no dictionary, so ordinary words count as random letters
        assertThat(SecretEntropy.bits("correct horse battery staple correct")).isGreaterThan(128);
    }
}
