package id.nu.oauth.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as the engine reads it, copied byte for byte by the host: the method, the path
 * under the issuer, the raw query, every header (repeated ones too), the raw body, and room for the
 * client certificate and the URL the client used. The engine decides everything else: which methods
 * an endpoint takes, where each parameter may come from, duplicates, media types and charsets,
 * size caps. An adapter fills it and writes the {@link EndpointResponse} back; it never parses.
 *
 * <pre>{@code
 * EndpointRequest request = EndpointRequest.builder("POST", "/oauth/token")
 *         .query(servletRequest.getQueryString())           // raw, not decoded
 *         .header("Content-Type", "application/x-www-form-urlencoded")
 *         .header("Authorization", "Basic cG9ydGFsOnMzY3IzdA==")
 *         .body(bytesRead)                                  // at most server.maxRequestBodyBytes() + 1
 *         .build();
 * EndpointResponse response = server.handle(request);
 *
 * // in tests, a form POST in one line:
 * server.token(EndpointRequest.of(Map.of("grant_type", "client_credentials"), "Basic cG9ydGFsOnMzY3IzdA=="));
 * }</pre>
 */
public final class EndpointRequest {

    private static final byte[] NO_BODY = new byte[0];
    private static final String FORM = "application/x-www-form-urlencoded";

    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final boolean bodyUnreadable;
    private final List<X509Certificate> clientCertificateChain;
    /** The URL as given: a {@link URI}, or a {@code String} parsed when first asked for (most requests never are). */
    private final Object requestUrl;
    private URI parsedUrl;

    private EndpointRequest(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.query = b.query;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        b.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = b.body;
        this.bodyUnreadable = b.bodyUnreadable;
        this.clientCertificateChain = b.clientCertificateChain;
        this.requestUrl = b.requestUrl;
    }

    /**
     * A form POST: the parameters become an {@code application/x-www-form-urlencoded} UTF-8 body,
     * with this {@code Authorization} header (or none). The path is left to the endpoint method
     * that is called with it ({@code server.token(...)}, {@code server.revoke(...)}, ...).
     *
     * @param form the form parameters, every value of each (repeat a name to send it twice)
     * @param authorization the {@code Authorization} header value, or {@code null}
     */
    public EndpointRequest(Map<String, List<String>> form, String authorization) {
        this(formPost(form, authorization));
    }

    private static Builder formPost(Map<String, List<String>> form, String authorization) {
        Objects.requireNonNull(form, "form");
        Builder b = builder("POST", null).header("Content-Type", FORM);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.body(FormCodec.encode(form).getBytes(StandardCharsets.UTF_8));
    }

    /** A form POST of single-valued parameters and no {@code Authorization} header. */
    public static EndpointRequest of(Map<String, String> form) {
        return of(form, null);
    }

    /** A form POST of single-valued parameters with an {@code Authorization} header (or {@code null}). */
    public static EndpointRequest of(Map<String, String> form, String authorization) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        form.forEach((name, value) -> multi.put(name, List.of(value)));
        return new EndpointRequest(multi, authorization);
    }

    /**
     * Starts a request.
     *
     * @param method the HTTP method as sent, e.g. {@code GET}
     * @param path the path under the issuer's path, e.g. {@code /oauth/token} (what a servlet
     *     mapped at the base path sees as its path info); {@code null} when the caller picks the
     *     endpoint by calling its method
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** The headers every request has, as containers spell them: their lower case without a new string each time. */
    private static final Map<String, String> COMMON_NAMES = commonNames("Host", "Connection", "Content-Type",
            "Content-Length", "Authorization", "Accept", "Accept-Encoding", "Accept-Language", "User-Agent", "Cookie",
            "Origin", "Referer", "Cache-Control", "Pragma", "Upgrade", "HTTP2-Settings", "Transfer-Encoding", "DPoP",
            "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "X-Forwarded-For", "X-Forwarded-Proto");

    private static Map<String, String> commonNames(String... names) {
        Map<String, String> lower = new java.util.HashMap<>();
        for (String name : names) {
            String l = name.toLowerCase(Locale.ROOT);
            lower.put(name, l);
            lower.put(l, l);
        }
        return Map.copyOf(lower);
    }

    private static String lowerCase(String name) {
        String known = COMMON_NAMES.get(name);
        return known != null ? known : name.toLowerCase(Locale.ROOT);
    }

    /** The HTTP method as sent. */
    public String method() {
        return method;
    }

    /** The path under the issuer's path, or {@code null}. */
    public String path() {
        return path;
    }

    /** The raw (still percent-encoded) query, without {@code ?}, or {@code null}. */
    public String query() {
        return query;
    }

    /** Every value of a header, in the order sent (names are case-insensitive); empty if absent. */
    public List<String> headers(String name) {
        List<String> values = headers.get(lowerCase(name));
        return values == null ? List.of() : values;
    }

    /** The header's value when sent exactly once, else {@code null}. */
    public String header(String name) {
        List<String> values = headers(name);
        return values.size() == 1 ? values.get(0) : null;
    }

    /** The {@code Authorization} header when sent exactly once, else {@code null}. */
    public String authorization() {
        return header("Authorization");
    }

    /** The body as read (empty when there was none). The array is shared, not copied: do not change it. */
    public byte[] body() {
        return body;
    }

    /** Whether the host could not read the body: it ended before its length, or its chunked framing was broken. */
    public boolean bodyUnreadable() {
        return bodyUnreadable;
    }

    /**
     * The TLS client certificate the container verified (RFC 8705): the leaf of
     * {@link #clientCertificateChain()}, or {@code null} when the connection had none.
     */
    public X509Certificate clientCertificate() {
        return clientCertificateChain.isEmpty() ? null : clientCertificateChain.get(0);
    }

    /** The TLS client certificate chain as the container gave it, leaf first; empty when there was none. */
    public List<X509Certificate> clientCertificateChain() {
        return clientCertificateChain;
    }

    /**
     * The URL the client used (scheme, host, port, path, no query), or {@code null} when the host
     * does not say or gave a text that is not a URI.
     */
    public URI requestUrl() {
        URI url = parsedUrl;
        if (url == null && requestUrl != null) {
            if (requestUrl instanceof URI given) {
                url = given;
            } else {
                try {
                    url = URI.create((String) requestUrl);
                } catch (IllegalArgumentException unparsable) {
                    return null; // a URL no client could have meant; rules that need it refuse the request
                }
            }
            parsedUrl = url; // a race parses twice and stores equal values
        }
        return url;
    }

    /** The same request for another path: what a host does that picks the endpoint itself. */
    EndpointRequest atPath(String newPath) {
        Builder b = new Builder(method, newPath);
        b.query = query;
        b.headers.putAll(headers);
        b.body = body;
        b.bodyUnreadable = bodyUnreadable;
        b.clientCertificateChain = clientCertificateChain;
        b.requestUrl = requestUrl;
        return new EndpointRequest(b);
    }

    /**
     * Builds an {@link EndpointRequest}.
     *
     * <pre>{@code
     * EndpointRequest.builder("GET", "/oauth/userinfo").header("Authorization", "Bearer " + token).build();
     * }</pre>
     */
    public static final class Builder {
        private final String method;
        private final String path;
        private String query;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body = NO_BODY;
        private boolean bodyUnreadable;
        private List<X509Certificate> clientCertificateChain = List.of();
        private Object requestUrl;

        private Builder(String method, String path) {
            this.method = Objects.requireNonNull(method, "method");
            this.path = path;
        }

        /** The raw query string as received (percent-encoded, without {@code ?}); {@code null} for none. */
        public Builder query(String rawQuery) {
            this.query = rawQuery;
            return this;
        }

        /** Adds one value of a header; call it again for a repeated header. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            headers.computeIfAbsent(lowerCase(name), k -> new ArrayList<>(1)).add(value);
            return this;
        }

        /**
         * The body bytes as read. Read at most {@code server.maxRequestBodyBytes() + 1} bytes, so the
         * engine can tell an oversized body; a body whose {@code Content-Length} is already larger
         * need not be read at all (the engine answers 413 from the header).
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** The body could not be read (the connection ended early, or its chunked framing was broken). */
        public Builder bodyUnreadable() {
            this.bodyUnreadable = true;
            return this;
        }

        /** The client certificate the container verified on the TLS connection ({@code null}: none). */
        public Builder clientCertificate(X509Certificate certificate) {
            this.clientCertificateChain = certificate == null ? List.of() : List.of(certificate);
            return this;
        }

        /**
         * The client certificate chain the container verified on the TLS connection, leaf first (a
         * servlet's {@code jakarta.servlet.request.X509Certificate} attribute); empty or {@code null}:
         * none. The engine reads the leaf (RFC 8705); the chain's trust is the container's job.
         *
         * <pre>{@code
         * X509Certificate[] chain = (X509Certificate[]) servletRequest.getAttribute("jakarta.servlet.request.X509Certificate");
         * builder.clientCertificateChain(chain == null ? List.of() : Arrays.asList(chain));
         * }</pre>
         */
        public Builder clientCertificateChain(List<X509Certificate> chain) {
            this.clientCertificateChain = chain == null ? List.of() : List.copyOf(chain);
            return this;
        }

        /** The URL the client used, without the query (for checks that bind to it, such as DPoP's {@code htu}). */
        public Builder requestUrl(URI url) {
            this.requestUrl = url;
            return this;
        }

        /**
         * The URL the client used, as text (e.g. a servlet's {@code getRequestURL()}): parsed only if
         * a rule asks for it, and {@link EndpointRequest#requestUrl()} is {@code null} if it is not a URI.
         *
         * <pre>{@code
         * builder.requestUrl(servletRequest.getRequestURL().toString());
         * }</pre>
         */
        public Builder requestUrl(String url) {
            this.requestUrl = url;
            return this;
        }

        /** The request. */
        public EndpointRequest build() {
            return new EndpointRequest(this);
        }
    }
}
