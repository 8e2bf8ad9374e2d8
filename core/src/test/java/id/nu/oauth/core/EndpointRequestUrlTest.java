package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The URL the client used (design.md "Edge": what DPoP's {@code htu}, RFC 9449 §4.3, binds to): a
 * host may hand it over as text, which the engine parses only when a rule asks for it (issue 14).
 */
class EndpointRequestUrlTest {

    @Test
    void aUrlGivenAsTextIsTheSameUriWhenAskedFor() {
        EndpointRequest request = EndpointRequest.builder("POST", Endpoints.TOKEN)
                .requestUrl("https://portal.example.or.id/api/oauth/token").build();
        assertThat(request.requestUrl()).isEqualTo(URI.create("https://portal.example.or.id/api/oauth/token"));
        assertThat(request.requestUrl()).isSameAs(request.requestUrl());
    }

    @Test
    void aUrlGivenAsUriIsKept() {
        URI url = URI.create("https://portal.example.or.id/api/oauth/token");
        assertThat(EndpointRequest.builder("POST", Endpoints.TOKEN).requestUrl(url).build().requestUrl()).isSameAs(url);
    }

    @Test
    void textThatIsNotAUriIsNoUrlNotAnException() {
        // RFC 3986 §2: a space or a bare '%' cannot be in a URI; the rules that need the URL refuse the request
        EndpointRequest request = EndpointRequest.builder("GET", Endpoints.USERINFO)
                .requestUrl("http://127.0.0.1:8080/api/oauth/user info%").build();
        assertThat(request.requestUrl()).isNull();
        assertThat(EndpointRequest.builder("GET", Endpoints.USERINFO).build().requestUrl()).isNull();
    }

    @Test
    void anotherPathKeepsTheUrl() {
        EndpointRequest request = EndpointRequest.builder("POST", null)
                .requestUrl("https://portal.example.or.id/api/oauth/token").build().atPath(Endpoints.TOKEN);
        assertThat(request.requestUrl()).isEqualTo(URI.create("https://portal.example.or.id/api/oauth/token"));
    }
}
