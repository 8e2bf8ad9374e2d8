package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo installs the adapter's container error handlers: a request the container refuses by
 * itself, here headers over its 8 KiB limit (RFC 6585 §5: Jetty says 431, Tomcat 400), gets the
 * engine's JSON error under {@code /api} and a plain page elsewhere, never the container's own page
 * with its name and version.
 */
class DemoContainerErrorTest {

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("Jetty 12", (DemoMain.Starter) JettyDemo::start, 431),
                Arguments.of("Tomcat 11", (DemoMain.Starter) TomcatDemo::start, 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void oversizedHeadersAreJsonUnderTheApiAndAPageElsewhere(String name, DemoMain.Starter starter, int status)
            throws Exception {
        try (RunningDemo demo = starter.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
            String api = oversized(demo, "/api/oauth/token");
            assertThat(api).as(api).startsWith("HTTP/1.1 " + status)
                    .containsIgnoringCase("Content-Type: application/json")
                    .contains("\"error\":\"invalid_request\"");
            String page = oversized(demo, "/");
            assertThat(page).as(page).startsWith("HTTP/1.1 " + status)
                    .containsIgnoringCase("Content-Type: text/html;charset=UTF-8")
                    .contains("X-Content-Type-Options: nosniff").contains("<h1>Error " + status + "</h1>");
            for (String answer : new String[] {api, page}) {
                String lower = answer.toLowerCase(Locale.ROOT);
                assertThat(lower).as(answer).doesNotContain("server:").doesNotContain("jetty")
                        .doesNotContain("tomcat").doesNotContain("exception");
            }
        }
    }

    /** {@code GET path} with 10 000 bytes of headers over a raw socket; the whole answer as text. */
    private static String oversized(RunningDemo demo, String path) throws IOException {
        try (Socket socket = new Socket(demo.origin().getHost(), demo.origin().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + "f".repeat(10_000)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (SocketException reset) {
                // closed with our unread bytes in its buffer: what came before is the answer
            }
            return answer.toString();
        }
    }
}
