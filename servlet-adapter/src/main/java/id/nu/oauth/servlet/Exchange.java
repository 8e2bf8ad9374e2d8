package id.nu.oauth.servlet;

import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.Map;

/**
 * The adapter's whole job with HTTP: copy the servlet request into the engine's
 * {@link EndpointRequest} byte for byte, and write an {@link EndpointResponse} back as it is. No
 * rule lives here: the engine decides methods, media types, charsets, caps and where parameters
 * may come from.
 */
final class Exchange {

    private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private Exchange() {
    }

    /**
     * The request with its body: at most {@code maxBodyBytes + 1} bytes are read (so the engine sees
     * an oversized one), none when the declared length is already larger (the engine answers 413
     * from the header); a body that breaks off or has broken chunked framing is marked unreadable.
     */
    static EndpointRequest read(HttpServletRequest request, int maxBodyBytes) {
        EndpointRequest.Builder b = withoutBody(request);
        if (request.getContentLengthLong() <= maxBodyBytes) {
            try {
                b.body(readAtMost(request.getInputStream(), maxBodyBytes + 1));
            } catch (IOException | RuntimeException broken) { // Early EOF, bad chunk size: the container's words
                b.bodyUnreadable();
            }
        }
        return b.build();
    }

    /** The request line, the headers and the TLS client certificate; no body (for a host's own APIs). */
    static EndpointRequest.Builder withoutBody(HttpServletRequest request) {
        EndpointRequest.Builder b = EndpointRequest.builder(request.getMethod(), request.getPathInfo())
                .query(request.getQueryString());
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            Enumeration<String> values = request.getHeaders(name);
            while (values != null && values.hasMoreElements()) {
                b.header(name, values.nextElement());
            }
        }
        if (request.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain && chain.length > 0) {
            b.clientCertificate(chain[0]);
        }
        try {
            b.requestUrl(URI.create(request.getRequestURL().toString()));
        } catch (IllegalArgumentException unparsable) {
            // a URL no client could have meant; rules that need it refuse the request
        }
        return b;
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[4096];
        int n;
        while (out.size() < limit && (n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Writes the engine's answer as it is: status, headers, body. */
    static void write(HttpServletResponse response, EndpointResponse answer) throws IOException {
        write(response, answer.status(), answer.headers(), answer.body());
    }

    /**
     * Writes an answer. A failure of the connection while writing is an {@link IOException}, whatever
     * the container throws: after a broken request body, Jetty may fail the write with an unchecked
     * exception from the socket layer, and that is the client's connection, not a fault to log.
     */
    static void write(HttpServletResponse response, int status, Map<String, String> headers, String body)
            throws IOException {
        response.setStatus(status);
        headers.forEach(response::setHeader);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        if (bytes.length > 0) {
            try {
                response.getOutputStream().write(bytes);
            } catch (RuntimeException connectionFailed) {
                throw new IOException("the connection failed while the answer was written", connectionFailed);
            }
        }
    }
}
