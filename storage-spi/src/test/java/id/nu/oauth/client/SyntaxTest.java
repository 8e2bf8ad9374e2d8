package id.nu.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SyntaxTest {

    // ---- VSCHAR, RFC 6749 Appendix A ----

    @Test
    void visibleAsciiIsSpaceToTilde_rfc6749_appendixA() { // VSCHAR = %x20-7E
        assertThat(Syntax.isVisibleAscii(" ~azAZ09!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}")).isTrue();
        assertThat(Syntax.isVisibleAscii("")).isTrue();
        assertThat(Syntax.isVisibleAscii("a\tb")).isFalse();
        assertThat(Syntax.isVisibleAscii("a\u001fb")).isFalse();
        assertThat(Syntax.isVisibleAscii("a\u007fb")).isFalse();
        assertThat(Syntax.isVisibleAscii("caf\u00e9")).isFalse();
    }

    // ---- client_id, RFC 6749 Appendix A.1 ----

    @Test
    void clientIdIsOneTo255Vschar_rfc6749_appendixA1() { // client-id = *VSCHAR, bounded here
        assertThat(Syntax.isClientId("a")).isTrue();
        assertThat(Syntax.isClientId("with space ~!")).isTrue();
        assertThat(Syntax.isClientId("a".repeat(Syntax.MAX_CLIENT_ID_LENGTH))).isTrue();
        assertThat(Syntax.MAX_CLIENT_ID_LENGTH).isEqualTo(255);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "caf\u00e9", "tab\tid", "line\nbreak", "del\u007f"})
    void clientIdRefusesEmptyNullAndNonVschar_rfc6749_appendixA1(String clientId) {
        assertThat(Syntax.isClientId(clientId)).isFalse();
    }

    @Test
    void clientIdRefuses256Characters() {
        assertThat(Syntax.isClientId("a".repeat(Syntax.MAX_CLIENT_ID_LENGTH + 1))).isFalse();
    }

    // ---- scope-token, RFC 6749 §3.3 ----

    @Test
    void scopeTokenAlphabet_rfc6749_3_3() { // scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        assertThat(Syntax.isScopeToken("!")).isTrue();
        assertThat(Syntax.isScopeToken("#")).isTrue();
        assertThat(Syntax.isScopeToken("[")).isTrue();
        assertThat(Syntax.isScopeToken("]")).isTrue();
        assertThat(Syntax.isScopeToken("~")).isTrue();
        assertThat(Syntax.isScopeToken("https://api.example.org/read")).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\"", "\\", "\u007f", "open id", "caf\u00e9", "tab\there"})
    void scopeTokenRefusesSpaceQuoteBackslashAndNonAscii_rfc6749_3_3(String token) {
        assertThat(Syntax.isScopeToken(token)).isFalse();
    }

    // ---- loopback, RFC 8252 §7.3 / §8.3, RFC 9700 §2.6 ----

    @Test
    void loopbackIpLiteralsAre127001AndBracketedV6_rfc8252_7_3() {
        assertThat(Syntax.isLoopbackIpLiteral(URI.create("http://127.0.0.1:5000/cb").getHost())).isTrue();
        assertThat(Syntax.isLoopbackIpLiteral(URI.create("http://[::1]:5000/cb").getHost())).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.2", "127.0.0.1.example", "::1",
        "[0:0:0:0:0:0:0:1]", "example.org", ""})
    void localhostAndOtherSpellingsAreNotLoopbackIpLiterals_rfc8252_8_3(String host) {
        assertThat(Syntax.isLoopbackIpLiteral(host)).isFalse();
    }

    @Test
    void loopbackHostsAreTheIpLiteralsAndLocalhost_rfc9700_2_6() {
        assertThat(Syntax.isLoopbackHost("127.0.0.1")).isTrue();
        assertThat(Syntax.isLoopbackHost("[::1]")).isTrue();
        assertThat(Syntax.isLoopbackHost(URI.create("http://localhost:8080/").getHost())).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"LocalHost", "localhost.example", "127.0.0.2", "::1", "example.org", ""})
    void otherHostsAreNotLoopbackHosts(String host) {
        assertThat(Syntax.isLoopbackHost(host)).isFalse();
    }
}
