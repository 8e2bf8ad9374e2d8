package id.nu.oauth.bench.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

/**
 * Random text for the generators, and the "byte string" convention: a Java string whose chars are
 * all 0x00-0xFF stands for those bytes ({@link RawRequest} writes it as ISO-8859-1), so
 * {@code utf8("é")} is the two bytes C3 A9 and {@code "\u00ff"} is the one byte FF, invalid in UTF-8.
 */
final class Junk {

    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** RFC 3986 unreserved: what tokens, codes, states and verifiers are made of. */
    static final String UNRESERVED = ALNUM + "-._~";

    private Junk() {
    }

    static String of(Random r, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    static String alnum(Random r, int length) {
        return of(r, ALNUM, length);
    }

    static String unreserved(Random r, int length) {
        return of(r, UNRESERVED, length);
    }

    /** Printable ASCII, space to tilde. */
    static String ascii(Random r, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x20 + r.nextInt(0x5F)));
        }
        return out.toString();
    }

    /** Any bytes at all. */
    static String bytes(Random r, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) r.nextInt(256));
        }
        return out.toString();
    }

    /** The UTF-8 bytes of {@code text}, as a byte string. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** {@code application/x-www-form-urlencoded} of a text (UTF-8, as browsers do). */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Percent-encodes every byte of a byte string ({@code "\u00ff"} becomes {@code %FF}). */
    static String percentBytes(String bytes) {
        StringBuilder out = new StringBuilder(bytes.length() * 3);
        for (int i = 0; i < bytes.length(); i++) {
            out.append('%').append(String.format("%02X", (int) bytes.charAt(i) & 0xFF));
        }
        return out.toString();
    }

    /** A form of name/value pairs, each encoded. */
    static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encode(name)).append('=').append(encode(value));
        });
        return out.toString();
    }

    static String base64(String bytes) {
        return Base64.getEncoder().encodeToString(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String base64Url(String bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** For reports: control and non-ASCII bytes as {@code \xNN}, cut to {@code max} characters. */
    static String printable(String bytes, int max) {
        StringBuilder out = new StringBuilder(Math.min(bytes.length(), max) + 16);
        for (int i = 0; i < bytes.length() && out.length() < max; i++) {
            char c = bytes.charAt(i);
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c >= 0x7F) {
                out.append(String.format("\\x%02X", (int) c & 0xFF));
            } else {
                out.append(c);
            }
        }
        return out.length() >= max && bytes.length() > max ? out + "...(" + bytes.length() + " chars)" : out.toString();
    }
}
