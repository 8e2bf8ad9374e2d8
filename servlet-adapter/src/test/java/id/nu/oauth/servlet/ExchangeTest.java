package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.core.EndpointRequest;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adapter's reader and writer: the body is copied byte for byte whatever its length and
 * framing, at most one byte over the engine's cap; a connection that fails while the answer is
 * written is never a server fault.
 */
class ExchangeTest {

    private static final int CAP = 1000;

    /** A POST whose body comes in pieces of {@code chunk} bytes, with this Content-Length (-1: chunked). */
    private static HttpServletRequest post(byte[] body, long contentLength, int chunk, boolean breaksOff) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        ServletInputStream in = new ServletInputStream() {
            @Override
            public int read() throws IOException {
                int b = bytes.read();
                if (b < 0 && breaksOff) {
                    throw new IOException("Early EOF");
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = bytes.read(b, off, Math.min(len, chunk));
                if (n < 0 && breaksOff) {
                    throw new IOException("Early EOF");
                }
                return n;
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(ExchangeTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "POST";
                    case "getPathInfo" -> "/oauth/token";
                    case "getHeaderNames", "getHeaders" -> Collections.emptyEnumeration();
                    case "getRequestURL" -> new StringBuffer("http://127.0.0.1/api/oauth/token");
                    case "getContentLengthLong" -> contentLength;
                    case "getInputStream" -> in;
                    default -> null;
                });
    }

    private static byte[] body(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 255, 256, 257, 999, 1000})
    void aBodyWithItsLengthIsCopiedByteForByte(int length) {
        byte[] sent = body(length);
        assertThat(Exchange.read(post(sent, length, 100, false), CAP).body()).isEqualTo(sent);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 255, 256, 257, 600, 1000})
    void aChunkedBodyIsCopiedByteForByte(int length) {
        byte[] sent = body(length);
        EndpointRequest read = Exchange.read(post(sent, -1, 64, false), CAP);
        assertThat(read.body()).isEqualTo(sent);
        assertThat(read.bodyUnreadable()).isFalse();
    }

    @Test
    void aChunkedBodyOverTheCapIsReadToOneByteOverIt() {
        // the engine answers 413 when it sees more than the cap (RFC 9110 §15.5.14)
        byte[] sent = body(5000);
        assertThat(Exchange.read(post(sent, -1, 300, false), CAP).body()).isEqualTo(Arrays.copyOf(sent, CAP + 1));
    }

    @Test
    void aDeclaredLengthOverTheCapIsNotRead() {
        assertThat(Exchange.read(post(body(5000), 5000, 300, false), CAP).body()).isEmpty();
    }

    @Test
    void theRequestUrlIsCopied() {
        assertThat(Exchange.read(post(body(3), 3, 3, false), CAP).requestUrl())
                .isEqualTo(java.net.URI.create("http://127.0.0.1/api/oauth/token"));
    }

    @Test
    void noBodyIsAnEmptyBody() {
        assertThat(Exchange.read(post(new byte[0], -1, 64, false), CAP).body()).isEmpty();
        assertThat(Exchange.read(post(new byte[0], 0, 64, false), CAP).body()).isEmpty();
    }

    @Test
    void aBodyThatBreaksOffIsUnreadableNotAnException() {
        // shorter than its Content-Length, or broken chunked framing: the engine answers 400
        byte[] sent = "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII);
        assertThat(Exchange.read(post(sent, 100, 8, true), CAP).bodyUnreadable()).isTrue();
        assertThat(Exchange.read(post(sent, -1, 8, true), CAP).bodyUnreadable()).isTrue();
    }

    @Test
    void anUncheckedFailureOfTheConnectionWhileWritingIsAnIOException() {
        // What Jetty's socket layer did once in the fuzz run after a broken request body:
        // IllegalArgumentException "newPosition > limit" from the write.
        ServletOutputStream broken = new ServletOutputStream() {
            @Override
            public void write(int b) {
                throw new IllegalArgumentException("newPosition > limit: (186 > 0)");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                throw new IllegalArgumentException("newPosition > limit: (186 > 0)");
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> method.getName().equals("getOutputStream") ? broken : null);
        assertThatThrownBy(() -> Exchange.write(response, 400, Map.of("Connection", "close"), "{\"error\":\"x\"}"))
                .isInstanceOf(IOException.class).hasCauseInstanceOf(IllegalArgumentException.class);
    }
}
