package id.nu.oauth.bench.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What came back for one request: a parsed response, or why there was none.
 *
 * @param outcome what happened on the connection
 * @param status the status code, or 0 without a response
 * @param headers the header lines as {@code name: value}
 * @param body the body as bytes (de-chunked), possibly cut at the reader's cap
 * @param complete whether the body arrived in full (as its framing announced)
 * @param detail why there was no response (an exception's message), or {@code ""}
 */
record Response(Outcome outcome, int status, List<String> headers, byte[] body, boolean complete, String detail) {

    /** What happened on the connection. */
    enum Outcome {
        /** A status line and headers were read. */
        RESPONSE,
        /** The server closed the connection before sending a byte. */
        CLOSED,
        /** The connection was reset before a byte arrived. */
        RESET,
        /** Nothing arrived within the read timeout. */
        TIMEOUT,
        /** Bytes arrived, but not an HTTP response. */
        MALFORMED,
        /** The client closed without reading (by design of the request). */
        NOT_READ,
        /** The client could not connect: the server is down or overloaded. */
        CONNECT_FAILED
    }

    static Response none(Outcome outcome, String detail) {
        return new Response(outcome, 0, List.of(), new byte[0], false, detail == null ? "" : detail);
    }

    boolean isResponse() {
        return outcome == Outcome.RESPONSE;
    }

    /** The first header of that name, or {@code null}. */
    String header(String name) {
        for (String value : headers(name)) {
            return value;
        }
        return null;
    }

    List<String> headers(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        List<String> values = new ArrayList<>();
        for (String line : headers) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                values.add(line.substring(prefix.length()).trim());
            }
        }
        return values;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A string member of a flat JSON object ({@code "name":"value"}, no escapes in the value), or {@code null}. */
    String json(String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"\\\\]*)\"").matcher(text());
        return m.find() ? m.group(1) : null;
    }

    /** A boolean member of a flat JSON object, or {@code null}. */
    Boolean jsonBoolean(String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(true|false)").matcher(text());
        return m.find() ? Boolean.valueOf(m.group(1)) : null;
    }

    /** One line for a report. */
    String describe() {
        return describe(160);
    }

    /** The status (or the outcome) and the body's first {@code max} characters. */
    String describe(int max) {
        if (outcome == Outcome.MALFORMED) {
            return outcome + " (" + detail + "): " + Junk.printable(new String(body, StandardCharsets.ISO_8859_1), max);
        }
        if (!isResponse()) {
            return outcome + (detail.isEmpty() ? "" : " (" + Junk.printable(detail, 80) + ")");
        }
        String location = header("Location");
        return status + (location == null ? "" : " Location: " + Junk.printable(location, Math.min(max, 300))) + " "
                + Junk.printable(new String(body, StandardCharsets.ISO_8859_1), max);
    }
}
