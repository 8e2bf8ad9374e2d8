package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scope parameter, RFC 6749 §3.3 and Appendix A.4. */
class ScopesTest {

    @Test
    void spaceDelimitedTokensInAnyOrder() { // RFC 6749 §3.3
        assertThat(Scopes.parse("openid profile email")).containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(Scopes.parse("profile")).containsExactly("profile");
    }

    @Test
    void repeatedTokenCountsOnce() {
        assertThat(Scopes.parse("profile profile")).containsExactly("profile");
    }

    @Test
    void everyNqcharIsAllowed() { // RFC 6749 Appendix A.4: %x21 / %x23-5B / %x5D-7E
        StringBuilder all = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            if (c != '"' && c != '\\') {
                all.append(c);
            }
        }
        assertThat(Scopes.parse(all.toString())).containsExactly(all.toString());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "a  b", " a", "a ", "a\tb", "a\nb", "a\u0001", "a\"b", "a\\b", "caf\u00e9",
        "a\u00a0b", "a\u007f"})
    void malformedScopeIsRefused(String value) { // RFC 6749 §3.3: single spaces between NQCHAR tokens
        assertThat(Scopes.parse(value)).isNull();
    }

    @Test
    void formatIsSortedAndSpaceDelimited() {
        assertThat(Scopes.format(Set.of("profile", "email", "openid"))).isEqualTo("email openid profile");
    }
}
