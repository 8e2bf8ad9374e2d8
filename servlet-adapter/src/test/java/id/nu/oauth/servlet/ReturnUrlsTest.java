package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9700 §4.11 (open redirectors): only same-origin paths are safe to return to after login. */
class ReturnUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/oauth/authorize?client_id=a&state=b%20c", "/portal/x?y=%2F%2Fevil",
        "/a/b#frag", "/a//b"})
    void sameOriginPathsAreSafe(String url) {
        assertThat(ReturnUrls.isSafe(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "//evil.example", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
        "/x\\y", "https://evil.example/", "http:/evil.example", "javascript:alert(1)", "evil.example/x",
        "./x", "/\t/evil.example", "/\n/evil.example", "/x\r\nSet-Cookie: a=b", "/ x", "/caf\u00e9",
        "/x\u0000", "///evil.example", " /x"})
    void everythingElseIsNot(String url) {
        assertThat(ReturnUrls.isSafe(url)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void nullAndOverlongAreNotSafe() {
        assertThat(ReturnUrls.isSafe(null)).isFalse();
        assertThat(ReturnUrls.isSafe("/" + "a".repeat(ReturnUrls.MAX_LENGTH))).isFalse();
    }
}
