package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.SecretHash;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one place redirect URIs are matched: exact strings (RFC 9700 §4.1.3), loopback ports aside for
 * native apps, which are public clients (RFC 8252 §7.3, §8.4).
 */
class RedirectUriMatcherTest {

    @Test
    void omittedUriResolvesToTheOnlyRegisteredOne() { // RFC 6749 §3.1.2.3
        assertThat(RedirectUriMatcher.resolve(List.of("https://a.example/cb"), null, true)).isEqualTo("https://a.example/cb");
    }

    @Test
    void omittedUriResolvesToNothingWhenSeveralOrNoneAreRegistered() { // RFC 6749 §3.1.2.3
        assertThat(RedirectUriMatcher.resolve(List.of("https://a.example/cb", "https://a.example/cb2"), null, true)).isNull();
        assertThat(RedirectUriMatcher.resolve(List.of(), null, true)).isNull();
        assertThat(RedirectUriMatcher.resolve(List.of(), "https://a.example/cb", true)).isNull();
    }

    @Test
    void exactlyRegisteredUriResolvesToItself() {
        List<String> registered = List.of("https://a.example/cb", "https://a.example/cb?x=1");
        assertThat(RedirectUriMatcher.resolve(registered, "https://a.example/cb", true)).isEqualTo("https://a.example/cb");
        assertThat(RedirectUriMatcher.resolve(registered, "https://a.example/cb?x=1", true)).isEqualTo("https://a.example/cb?x=1");
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // registered                  | requested                           | matches
        "https://a.example/cb          | https://a.example/cb/               | false",
        "https://a.example/cb          | https://A.example/cb                | false",
        "https://a.example/cb          | https://a.example/cb?               | false",
        "https://a.example/cb          | https://a.example:443/cb            | false",
        "https://a.example:8443/cb     | https://a.example:9443/cb           | false",
        "http://localhost:8080/cb      | http://localhost:8081/cb            | false",
        "http://localhost/cb           | http://localhost/cb                 | true",
        "http://127.0.0.1/cb           | http://127.0.0.1:5000/cb            | true",
        "http://127.0.0.1:8080/cb      | http://127.0.0.1:5000/cb            | true",
        "http://127.0.0.1:8080/cb      | http://127.0.0.1/cb                 | true",
        "http://127.0.0.1/cb?a=b       | http://127.0.0.1:5000/cb?a=b        | true",
        "http://127.0.0.1/cb?a=b       | http://127.0.0.1:5000/cb?a=c        | false",
        "http://127.0.0.1/cb?a=b       | http://127.0.0.1:5000/cb            | false",
        "http://127.0.0.1/cb           | http://127.0.0.1:5000/cb?a=b        | false",
        "http://127.0.0.1/cb           | http://127.0.0.1:5000/cb#x          | false",
        "http://127.0.0.1/cb           | http://127.0.0.1:5000/cb/           | false",
        "http://127.0.0.1/cb           | http://127.0.0.1:5000/            | false",
        "http://127.0.0.1/cb           | http://127.0.0.1:5000               | false",
        "http://127.0.0.1/cb           | https://127.0.0.1:5000/cb           | false",
        "http://127.0.0.1.example/cb   | http://127.0.0.1.example:5000/cb   | false",
        "http://127.0.0.10/cb          | http://127.0.0.10:5000/cb           | false",
        "http://127.0.0.1/cb           | http://u@127.0.0.1:5000/cb          | false",
        "http://127.0.0.1/cb           | http://127.0.0.1:5000@evil.example/cb | false",
        "http://127.0.0.1/cb           | http://127.0.0.2:5000/cb            | false",
        "http://127.0.0.1/cb           | http://localhost:5000/cb            | false",
        "http://127.0.0.1/cb           | http://[::1]:5000/cb                | false",
        "http://127.0.0.1/cb           | http://127.0.0.1:x/cb               | false",
        "http://127.0.0.1/cb           | 'http://127.0.0.1:5000/c b'         | false",
        "http://[::1]/cb               | http://[::1]:5000/cb                | true",
        "http://[::1]:80/cb            | http://[::1]:5000/cb                | true",
        "http://[::1]/cb               | http://[0:0:0:0:0:0:0:1]:5000/cb    | false",
        "http://[::1]/cb               | http://127.0.0.1:5000/cb            | false",
        "https://127.0.0.1/cb          | https://127.0.0.1:5000/cb           | false",
    })
    void exactMatchWithOnlyTheLoopbackPortException(String registered, String requested, boolean matches) {
        String resolved = RedirectUriMatcher.resolve(List.of(registered), requested, true);
        if (matches) {
            assertThat(resolved).isEqualTo(requested);
        } else {
            assertThat(resolved).isNull();
        }
        // without the exception (confidential clients, RFC 8252 §8.4) only the registered string itself
        assertThat(RedirectUriMatcher.resolve(List.of(registered), requested, false))
                .isEqualTo(registered.equals(requested) ? requested : null);
    }

    @Test
    void aConfidentialClientGetsNoLoopbackPortException_rfc8252_8_4() {
        Client confidential = Client.confidential("web", SecretHash.of(SecretHash.generateSecret()))
                .redirectUri("http://127.0.0.1:8080/cb").build();

        assertThat(RedirectUriMatcher.resolve(confidential, "http://127.0.0.1:5000/cb")).isNull();
        assertThat(RedirectUriMatcher.resolve(confidential, "http://127.0.0.1/cb")).isNull();
        assertThat(RedirectUriMatcher.resolve(confidential, "http://127.0.0.1:8080/cb")).isEqualTo("http://127.0.0.1:8080/cb");
    }

    @Test
    void publicAndLegacyPublicClientsGetTheLoopbackPortException_rfc8252_7_3() {
        Client nativeApp = Client.publicClient("native").redirectUri("http://127.0.0.1/cb").build();
        Client legacy = Client.legacyPublicClient("old-native").redirectUri("http://[::1]:8080/cb").build();

        assertThat(RedirectUriMatcher.resolve(nativeApp, "http://127.0.0.1:5000/cb")).isEqualTo("http://127.0.0.1:5000/cb");
        assertThat(RedirectUriMatcher.resolve(legacy, "http://[::1]:5000/cb")).isEqualTo("http://[::1]:5000/cb");
    }
}
