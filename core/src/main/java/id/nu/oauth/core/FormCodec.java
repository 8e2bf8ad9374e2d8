package id.nu.oauth.core;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} (a query string or a POST body), read strictly: UTF-8
 * only, every {@code %} followed by two hex digits, every value of a repeated name kept so that the
 * rules can refuse duplicates (RFC 6749 §3.1, §3.2). The container's own parameter parsing is never
 * used: it may hide duplicates, guess a charset, or merge the query into the body.
 */
final class FormCodec {

    /** The text could not be read as a form; the message is safe to show (it never echoes the input). */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private FormCodec() {
    }

    /** Every name with all its values, in the order sent; empty for {@code null} or empty text. */
    static Map<String, List<String>> decode(String encoded) throws Malformed {
        Map<String, List<String>> into = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return into;
        }
        int start = 0;
        while (start <= encoded.length()) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = encoded.length();
            }
            if (end > start) {
                int eq = encoded.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String name = component(encoded, start, hasValue ? eq : end);
                String value = hasValue ? component(encoded, eq + 1, end) : "";
                if (!name.isEmpty()) {
                    into.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
                }
            }
            start = end + 1;
        }
        return into;
    }

    /** A body's bytes as a form: they must be UTF-8 (and ASCII, once percent-decoding is done, is all a form needs). */
    static Map<String, List<String>> decode(byte[] body) throws Malformed {
        return decode(utf8(body, body.length));
    }

    /** Percent-decodes one name or value ({@code +} is a space) and reads the bytes as UTF-8. */
    private static String component(String s, int from, int to) throws Malformed {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && c != '+';
        }
        if (plain) {
            return s.substring(from, to);
        }
        // at most one byte per character of ASCII input; a character beyond ASCII takes up to 3 bytes
        // (4 for a surrogate pair: 2 characters)
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes[n++] = ' ';
            } else if (c == '%') {
                int hi = i + 1 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < to ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new Malformed("a percent-encoded octet is malformed");
                }
                bytes[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                int end = i + 1;
                if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c) || end >= to || !Character.isLowSurrogate(s.charAt(end))) {
                        throw new Malformed("the form is not valid UTF-8");
                    }
                    end++;
                }
                byte[] encoded = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                if (n + encoded.length > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, n + encoded.length));
                }
                System.arraycopy(encoded, 0, bytes, n, encoded.length);
                n += encoded.length;
                i = end - 1;
            }
        }
        return utf8(bytes, n);
    }

    /**
     * The first {@code length} bytes as UTF-8, strictly (malformed or unmappable input refused).
     * ASCII, which is what nearly every form is, is read without a decoder: every ASCII byte is
     * itself as UTF-8.
     */
    private static String utf8(byte[] bytes, int length) throws Malformed {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("the form is not valid UTF-8");
        }
    }

    /** The parameters as a form ({@code name=value&...}, UTF-8, spaces as {@code %20}). */
    static String encode(Map<String, List<String>> form) {
        StringBuilder out = new StringBuilder();
        form.forEach((name, values) -> {
            for (String value : values) {
                if (out.length() > 0) {
                    out.append('&');
                }
                out.append(encodeComponent(name)).append('=').append(encodeComponent(value));
            }
        });
        return out.toString();
    }

    /** One name or value, percent-encoded as UTF-8 (spaces as {@code %20}, safe in a query or a form). */
    static String encodeComponent(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean unreserved = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '*';
            if (!unreserved) {
                return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        return value; // the characters URLEncoder leaves alone: every code the engine makes
    }
}
