package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapter's writer: a connection that fails while the answer is written is never a server fault. */
class ExchangeTest {

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
