package id.nu.oauth.bench.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.x request as raw bytes, built line by line so that any part of it can be wrong: the
 * method, the request target, the version, a header line, the framing of the body. Text is held as
 * "byte strings" (each char 0x00-0xFF is one byte, see {@link Junk#utf8(String)}), so invalid UTF-8
 * and control characters go out exactly as written.
 *
 * <pre>{@code
 * RawRequest r = RawRequest.post(host, "/api/oauth/token").contentType("application/x-www-form-urlencoded; charset=ebcdic")
 *         .body("grant_type=client_credentials").ending(RawRequest.Ending.HALF_CLOSE);
 * }</pre>
 *
 * By default the request says {@code Connection: close}, and a body gets its {@code Content-Length}.
 */
final class RawRequest {

    /** What the client does after writing the request. */
    enum Ending {
        /** Read the response; the connection stays open for it. */
        READ,
        /** Shut down the sending side (a FIN: "no more bytes"), then read the response. */
        HALF_CLOSE,
        /** Close the connection at once, reading nothing. */
        CLOSE
    }

    private String method;
    private String target;
    private String version = "HTTP/1.1";
    private final List<String> headerLines = new ArrayList<>();
    private String body;
    private boolean autoLength = true;
    private boolean autoConnection = true;
    private String lineEnd = "\r\n";
    private Ending ending = Ending.READ;
    private int responses = 1;
    private RawRequest next;

    private RawRequest(String method, String target, String host) {
        this.method = method;
        this.target = target;
        if (host != null) {
            headerLines.add("Host: " + host);
        }
    }

    static RawRequest get(String host, String target) {
        return new RawRequest("GET", target, host);
    }

    static RawRequest post(String host, String target) {
        return new RawRequest("POST", target, host);
    }

    static RawRequest of(String method, String host, String target) {
        return new RawRequest(method, target, host);
    }

    RawRequest method(String m) {
        this.method = m;
        return this;
    }

    RawRequest target(String t) {
        this.target = t;
        return this;
    }

    /** The protocol version as sent ({@code HTTP/1.0}, {@code HTTP/3.0}, garbage, or empty for none). */
    RawRequest version(String v) {
        this.version = v;
        return this;
    }

    RawRequest header(String name, String value) {
        headerLines.add(name + ": " + value);
        return this;
    }

    /** A header line exactly as given (no colon, a folded continuation, ...). */
    RawRequest line(String raw) {
        headerLines.add(raw);
        return this;
    }

    /** The values of the header lines named {@code name}, in order. */
    List<String> headerValues(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        List<String> values = new ArrayList<>();
        for (String l : headerLines) {
            if (l.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                values.add(l.substring(prefix.length()).trim());
            }
        }
        return values;
    }

    RawRequest withoutHeader(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        headerLines.removeIf(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix));
        return this;
    }

    RawRequest contentType(String value) {
        return header("Content-Type", value);
    }

    static final String FORM = "application/x-www-form-urlencoded";

    /** A form body with {@code Content-Type: application/x-www-form-urlencoded}. */
    RawRequest form(String encoded) {
        return contentType(FORM).body(encoded);
    }

    /** The body as set, or {@code null}. */
    String bodyText() {
        return body;
    }

    RawRequest body(String bytes) {
        this.body = bytes;
        return this;
    }

    /** Send the body as is, with no {@code Content-Length} added (for chunked or deliberately wrong framing). */
    RawRequest noAutoLength() {
        this.autoLength = false;
        return this;
    }

    /** Send no {@code Connection: close} (the connection may stay open after the response). */
    RawRequest keepAlive() {
        this.autoConnection = false;
        return this;
    }

    RawRequest cookie(String cookie) {
        return cookie == null ? this : header("Cookie", cookie);
    }

    RawRequest basic(String user, String password) {
        return header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.ISO_8859_1)));
    }

    RawRequest bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    /** The line terminator between the head's lines ({@code "\n"} or {@code "\r"} for bare ones). */
    RawRequest lineEnd(String end) {
        this.lineEnd = end;
        return this;
    }

    RawRequest ending(Ending e) {
        this.ending = e;
        return this;
    }

    /** Pipelining: {@code next} goes out in the same write, right after this one; both responses are read. */
    RawRequest then(RawRequest following) {
        this.next = following;
        this.responses = 1 + following.responses;
        return this;
    }

    Ending ending() {
        return ending;
    }

    int responses() {
        return responses;
    }

    String method() {
        return method;
    }

    String target() {
        return target;
    }

    /**
     * Whether the request names a protocol version other than HTTP/1.0 and HTTP/1.1, to which
     * 505 (HTTP Version Not Supported, RFC 9110 §15.6.6) is a right answer.
     */
    boolean unsupportedVersion() {
        return !version.equals("HTTP/1.1") && !version.equals("HTTP/1.0");
    }

    private static final java.util.Set<String> COMMON_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE",
            "OPTIONS", "TRACE", "PATCH");

    /**
     * Whether the request asks for something a server may rightly not implement, to which 501 (Not
     * Implemented) is a right answer: an unknown method or CONNECT (RFC 9110 §9.1, §15.6.2), or a
     * transfer coding other than chunked (RFC 9112 §6.1).
     */
    boolean unimplementedFeature() {
        if (!COMMON_METHODS.contains(method)) {
            return true;
        }
        for (String line : headerLines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:") && !lower.substring("transfer-encoding:".length()).trim()
                    .equals("chunked")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the response to this request carries no body (HEAD). */
    boolean head() {
        return "HEAD".equals(method);
    }

    private boolean hasHeader(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return headerLines.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix));
    }

    byte[] bytes() {
        StringBuilder out = new StringBuilder(256 + (body == null ? 0 : body.length()));
        out.append(method).append(' ').append(target);
        if (!version.isEmpty()) {
            out.append(' ').append(version);
        }
        out.append(lineEnd);
        for (String line : headerLines) {
            out.append(line).append(lineEnd);
        }
        if (autoConnection && !hasHeader("Connection")) {
            out.append("Connection: close").append(lineEnd);
        }
        if (body != null && autoLength && !hasHeader("Content-Length") && !hasHeader("Transfer-Encoding")) {
            out.append("Content-Length: ").append(body.length()).append(lineEnd);
        }
        out.append(lineEnd);
        if (body != null) {
            out.append(body);
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (next == null) {
            return bytes;
        }
        byte[] following = next.bytes();
        byte[] both = java.util.Arrays.copyOf(bytes, bytes.length + following.length);
        System.arraycopy(following, 0, both, bytes.length, following.length);
        return both;
    }

    /** One line for a report: the request line and the headers that matter, escaped and shortened. */
    String describe() {
        StringBuilder d = new StringBuilder();
        d.append(Junk.printable(method, 24)).append(' ').append(Junk.printable(target, 110));
        if (!version.equals("HTTP/1.1")) {
            d.append(' ').append(Junk.printable(version, 24));
        }
        int shown = 0;
        for (String line : headerLines) {
            if (shown == 12) {
                d.append(" | ... ").append(headerLines.size() - shown).append(" header lines in all");
                break;
            }
            if (!line.startsWith("Host: 127.0.0.1:")) { // the usual Host is left out
                boolean secret = line.toLowerCase(Locale.ROOT).startsWith("authorization:");
                d.append(" | ").append(Junk.printable(line, secret ? 40 : 80));
            }
            shown++;
        }
        if (!lineEnd.equals("\r\n")) {
            d.append(" | lines end with ").append(Junk.printable(lineEnd, 8));
        }
        if (body != null) {
            d.append(" | body ").append(body.length()).append(" bytes: ").append(Junk.printable(body, 80));
        }
        if (ending != Ending.READ) {
            d.append(" | then ").append(ending == Ending.HALF_CLOSE ? "half-close" : "close");
        }
        if (next != null) {
            d.append(" || pipelined: ").append(next.describe());
        }
        return d.toString();
    }
}
