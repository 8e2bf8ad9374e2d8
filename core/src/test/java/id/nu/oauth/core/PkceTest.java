package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PKCE, RFC 7636. */
class PkceTest {

    /** RFC 7636 Appendix B: the 32 random octets, their base64url verifier and its S256 challenge. */
    private static final int[] RFC_OCTETS = {116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173,
        187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121};
    private static final String RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void s256MatchesTheAppendixBTestVector() { // RFC 7636 Appendix B
        byte[] octets = new byte[RFC_OCTETS.length];
        for (int i = 0; i < octets.length; i++) {
            octets[i] = (byte) RFC_OCTETS[i];
        }
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(octets)).isEqualTo(RFC_VERIFIER);
        assertThat(Pkce.verify(Pkce.S256, RFC_CHALLENGE, RFC_VERIFIER)).isTrue();
        assertThat(Pkce.wellFormed(RFC_VERIFIER)).isTrue();
        assertThat(Pkce.wellFormedChallenge(Pkce.S256, RFC_CHALLENGE)).isTrue();
    }

    @Test
    void s256AgreesWithNimbus() { // RFC 7636 §4.2, a second implementation
        for (int i = 0; i < 20; i++) {
            CodeVerifier verifier = new CodeVerifier();
            String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
            assertThat(Pkce.verify(Pkce.S256, challenge, verifier.getValue())).isTrue();
            assertThat(Pkce.wellFormedChallenge(Pkce.S256, challenge)).isTrue();
        }
    }

    @Test
    void s256RefusesAnotherVerifier() { // RFC 7636 §4.6
        assertThat(Pkce.verify(Pkce.S256, RFC_CHALLENGE, RFC_VERIFIER.replace('d', 'e'))).isFalse();
        assertThat(Pkce.verify(Pkce.S256, RFC_CHALLENGE, RFC_CHALLENGE)).isFalse();
    }

    @Test
    void plainComparesVerifierAndChallenge() { // RFC 7636 §4.6
        assertThat(Pkce.verify(Pkce.PLAIN, RFC_VERIFIER, RFC_VERIFIER)).isTrue();
        assertThat(Pkce.verify(Pkce.PLAIN, RFC_VERIFIER, RFC_VERIFIER + "x")).isFalse();
        assertThat(Pkce.verify(Pkce.PLAIN, RFC_CHALLENGE, RFC_VERIFIER)).isFalse();
    }

    @Test
    void unknownMethodNeverVerifies() {
        assertThat(Pkce.verify("S512", RFC_CHALLENGE, RFC_VERIFIER)).isFalse();
        assertThat(Pkce.verify("s256", RFC_CHALLENGE, RFC_VERIFIER)).isFalse();
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {43, 44, 100, 128})
    void verifierOf43To128UnreservedCharactersIsWellFormed(int length) { // RFC 7636 §4.1
        assertThat(Pkce.wellFormed("aZ09-._~".repeat(20).substring(0, length))).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "short", "abcdefghijabcdefghijabcdefghijabcdefghij12",
        "abcdefghijabcdefghijabcdefghijabcdefghij12+", "abcdefghijabcdefghijabcdefghijabcdefghij12/",
        "abcdefghijabcdefghijabcdefghijabcdefghij12=", "abcdefghijabcdefghijabcdefghijabcdefghij12 ",
        "abcdefghijabcdefghijabcdefghijabcdefghij12\u00e9", "abcdefghijabcdefghijabcdefghijabcdefghij12%"})
    void otherValuesAreNotWellFormed(String value) { // RFC 7636 §4.1
        assertThat(Pkce.wellFormed(value)).isFalse();
    }

    @Test
    void tooLongValueIsNotWellFormed() { // RFC 7636 §4.1: at most 128
        assertThat(Pkce.wellFormed("a".repeat(129))).isFalse();
        assertThat(Pkce.wellFormed(null)).isFalse();
    }

    @Test
    void s256ChallengeIsExactly43Characters() { // RFC 7636 §4.2: BASE64URL of 32 bytes
        assertThat(Pkce.wellFormedChallenge(Pkce.S256, RFC_CHALLENGE + "A")).isFalse();
        assertThat(Pkce.wellFormedChallenge(Pkce.S256, "a".repeat(128))).isFalse();
        assertThat(Pkce.wellFormedChallenge(Pkce.S256, RFC_CHALLENGE.substring(1))).isFalse();
        assertThat(Pkce.wellFormedChallenge(Pkce.PLAIN, "a".repeat(128))).isTrue();
        assertThat(Pkce.wellFormedChallenge(Pkce.PLAIN, "a".repeat(42))).isFalse();
    }
}
