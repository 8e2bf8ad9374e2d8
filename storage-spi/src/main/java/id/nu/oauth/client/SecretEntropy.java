package id.nu.oauth.client;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An estimate of how many bits of entropy a client secret carries, for {@link SecretHash#of}: an
 * upper bound on what a guesser must search if the secret was drawn at random, lowered for the
 * structure that shows that it was not.
 *
 * <ol>
 * <li><b>Alphabet</b>: the character classes the secret uses, each counted whole: lower-case
 *     letters 26, upper-case 26, digits 10, anything else (punctuation, space, non-ASCII) 33.
 *     Digits alone count 10, and hexadecimal digits alone (either case) 16, so a hex string is
 *     not credited with the letters it cannot contain.</li>
 * <li><b>Distinct characters</b>: a random string of length n over an alphabet of size A uses
 *     about A(1 - (1 - 1/A)^n) distinct characters. One that uses fewer than half of that
 *     ({@code abab…}, {@code aaaa…}, {@code 1212…}) is counted over the characters it uses.</li>
 * <li><b>Patterns</b>: reading from the start, a stretch of at least {@value #PATTERN} characters
 *     that repeats earlier text ({@code abcabcabc…}, {@code Secret!Secret!…}) or steps evenly
 *     through the character codes ({@code aaaa…}, {@code 0123456789}, {@code abcdefgh},
 *     {@code 97531…}) counts as one character, not as many.</li>
 * <li><b>UUIDs</b>: a UUID in its usual text form counts 122 bits, the most it holds (version 4).</li>
 * </ol>
 *
 * The estimate is length (after patterns) × log2(alphabet), over the first {@value #ANALYSED}
 * characters (more cannot lower it). 32 random hex digits count exactly 128 bits;
 * {@link SecretHash#generateSecret()} (43 base64url characters from 256 random bits) 256 or more.
 * A random secret is refused only if it happens to hold a pattern of {@value #PATTERN}
 * characters or no character beyond its smaller class: for 32 random hex digits, about one chance
 * in two million (all decimal digits, or a run such as {@code cccccccc}); a measured rate, and the
 * message says to use {@link SecretHash#generateSecret()}, which has room to spare.
 *
 * <p>What it cannot see: words and phrases. {@code correct horse battery staple correct} is
 * lower-case letters and spaces without a pattern, so it counts as random, though a dictionary
 * attack needs far fewer guesses. Nor does it know a secret that is published, reused or
 * derived from something public. It rejects the obviously weak; it cannot certify the strong.
 * Secrets should come from {@link SecretHash#generateSecret()}.
 */
final class SecretEntropy {

    /** The shortest repeat or even step counted as a pattern. */
    static final int PATTERN = 8;

    /** How many characters are analysed: a prefix's estimate is a lower bound for the whole. */
    static final int ANALYSED = 256;

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final double UUID_BITS = 122;

    private SecretEntropy() {
    }

    /** The estimated entropy of {@code secret}, in bits. */
    static double bits(String secret) {
        if (UUID.matcher(secret).matches()) {
            return UUID_BITS;
        }
        int[] chars = secret.codePoints().limit(ANALYSED).toArray();
        if (chars.length == 0) {
            return 0;
        }
        int alphabet = alphabet(chars);
        int distinct = (int) Arrays.stream(chars).distinct().count();
        double expected = alphabet * (1 - Math.pow(1 - 1.0 / alphabet, chars.length));
        int used = distinct < expected / 2 ? distinct : alphabet;
        return symbols(chars) * log2(used);
    }

    /** The size of the alphabet of the character classes used. */
    static int alphabet(int[] chars) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        boolean hexLetters = true;
        for (int c : chars) {
            if (c >= 'a' && c <= 'z') {
                lower = true;
                hexLetters &= c <= 'f';
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
                hexLetters &= c <= 'F';
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                other = true;
            }
        }
        if (!other && !lower && !upper) {
            return 10;
        }
        if (!other && hexLetters) {
            return 16;
        }
        return (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
    }

    /** How many symbols the string is, each pattern of {@value #PATTERN} or more characters counting one. */
    static int symbols(int[] chars) {
        int symbols = 0;
        int i = 0;
        while (i < chars.length) {
            int pattern = Math.max(evenStep(chars, i), repeat(chars, i));
            i += pattern >= PATTERN ? pattern : 1;
            symbols++;
        }
        return symbols;
    }

    /** The length of the run from {@code i} whose character codes step evenly (the step may be 0). */
    private static int evenStep(int[] chars, int i) {
        if (i + 1 >= chars.length) {
            return 1;
        }
        int step = chars[i + 1] - chars[i];
        int end = i + 1;
        while (end + 1 < chars.length && chars[end + 1] - chars[end] == step) {
            end++;
        }
        return end - i + 1;
    }

    /** The length of the longest text from {@code i} that also starts earlier (it may overlap {@code i}). */
    private static int repeat(int[] chars, int i) {
        int longest = 0;
        for (int j = 0; j < i; j++) {
            int n = 0;
            while (i + n < chars.length && chars[j + n] == chars[i + n]) {
                n++;
            }
            longest = Math.max(longest, n);
        }
        return longest;
    }

    private static double log2(int n) {
        return n <= 1 ? 0 : Math.log(n) / Math.log(2);
    }
}
