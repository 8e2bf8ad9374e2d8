package id.nu.oauth.servlet;

import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
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
    private static final byte[] NO_BODY = new byte[0];

    private Exchange() {
    }

    /**
     * The request with its body: at most {@code maxBodyBytes + 1} bytes are read (so the engine sees
     * an oversized one), none when the declared length is already larger (the engine answers 413
     * from the header); a body that breaks off or has broken chunked framing is marked unreadable.
     */
    static EndpointRequest read(HttpServletRequest request, int maxBodyBytes) {
        return read(request, maxBodyBytes, null);
    }

    /**
     * {@link #read(HttpServletRequest, int)}, with the client certificate from the trusted header
     * {@code certificateHeader} when the container has none (see {@link #withoutBody(HttpServletRequest, String)}).
     */
    static EndpointRequest read(HttpServletRequest request, int maxBodyBytes, String certificateHeader) {
        EndpointRequest.Builder b = withoutBody(request, certificateHeader);
        long declared = request.getContentLengthLong();
        if (declared != 0 && declared <= maxBodyBytes) {
            try {
                byte[] body = readAtMost(request.getInputStream(), declared, maxBodyBytes + 1);
                if (body.length > 0) {
                    b.body(body);
                }
            } catch (IOException | RuntimeException broken) { // Early EOF, bad chunk size: the container's words
                b.bodyUnreadable();
            }
        }
        return b.build();
    }

    /** The request line, the headers and the TLS client certificate; no body (for a host's own APIs). */
    static EndpointRequest.Builder withoutBody(HttpServletRequest request) {
        return withoutBody(request, null);
    }

    /**
     * The request line, the headers and the TLS client certificate chain the container verified
     * (RFC 8705); when it has none and {@code certificateHeader} is set, the certificate a
     * TLS-terminating proxy put in that header as URL-encoded PEM (nginx's
     * {@code $ssl_client_escaped_cert}). A header that is not one certificate counts as none.
     */
    static EndpointRequest.Builder withoutBody(HttpServletRequest request, String certificateHeader) {
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
            b.clientCertificateChain(Arrays.asList(chain));
        } else if (certificateHeader != null) {
            X509Certificate forwarded = forwardedCertificate(request.getHeaders(certificateHeader));
            if (forwarded != null) {
                b.clientCertificate(forwarded);
            }
        }
        // parsed by the engine only when a rule needs it (most requests: never)
        b.requestUrl(request.getRequestURL().toString());
        return b;
    }

    /** The one certificate in the header's one value, URL-decoded PEM; {@code null} for anything else. */
    private static X509Certificate forwardedCertificate(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (values.hasMoreElements() || value.length() > MAX_CERTIFICATE_HEADER) {
            return null;
        }
        String pem = java.net.URLDecoder.decode(value, StandardCharsets.UTF_8).strip();
        if (!pem.startsWith("-----BEGIN CERTIFICATE-----")) {
            return null;
        }
        try {
            // the JDK reads PEM (RFC 7468) itself
            return java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                    new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) instanceof X509Certificate c
                    ? c : null;
        } catch (java.security.cert.CertificateException | IllegalArgumentException malformed) {
            return null;
        }
    }

    /** A client certificate in PEM, URL-encoded, is a few kilobytes; more is no certificate. */
    private static final int MAX_CERTIFICATE_HEADER = 32 * 1024;

    /**
     * At most {@code limit} bytes of the body. With a declared length the buffer has that size;
     * without one (chunked, or a GET with no body) nothing is allocated until a first byte comes,
     * then the buffer grows. The stream is read until it ends or the limit (or the declared length)
     * is reached, so a body shorter than its length is the container's exception, as before.
     */
    private static byte[] readAtMost(InputStream in, long declared, int limit) throws IOException {
        byte[] buffer;
        int n = 0;
        if (declared > 0) {
            // the container ends the stream after the declared length (or throws when it ends early)
            buffer = new byte[(int) Math.min(declared, limit)];
            limit = buffer.length;
        } else {
            int first = in.read();
            if (first < 0) {
                return NO_BODY;
            }
            buffer = new byte[Math.min(256, limit)];
            buffer[n++] = (byte) first;
        }
        while (n < limit) {
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * buffer.length));
            }
            int read = in.read(buffer, n, buffer.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
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
