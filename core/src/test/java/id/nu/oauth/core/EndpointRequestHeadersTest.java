package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Header names are case-insensitive (RFC 9110 §5.1), however the container spells them. */
class EndpointRequestHeadersTest {

    @Test
    void everySpellingOfANameIsTheSameHeaderAndRepeatsAreKept() {
        EndpointRequest request = EndpointRequest.builder("POST", Endpoints.TOKEN)
                .header("Authorization", "Basic a").header("AUTHORIZATION", "Basic b")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("X-Custom-Header", "1").header("x-custom-header", "2").build();
        assertThat(request.headers("authorization")).containsExactly("Basic a", "Basic b");
        assertThat(request.headers("Authorization")).containsExactly("Basic a", "Basic b");
        assertThat(request.authorization()).isNull(); // sent twice: no single value
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.header("CONTENT-TYPE")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.headers("X-CUSTOM-HEADER")).containsExactly("1", "2");
        assertThat(request.headers("Host")).isEmpty();
    }
}
