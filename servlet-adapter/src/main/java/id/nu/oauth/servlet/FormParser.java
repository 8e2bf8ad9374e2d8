package id.nu.oauth.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code application/x-www-form-urlencoded} text (a query string or a POST body) strictly:
 * UTF-8 only, every {@code %} followed by two hex digits, and every value of a repeated name kept,
 * so that the engine sees duplicates and refuses them (RFC 6749 §3.1). The container's own
 * parameter parsing is never used: it may hide duplicates, guess a charset, or consume the body.
 */
final class FormParser {

    /** The form could not be read; the message is safe to show (it never echoes the input). */
    static final class MalformedForm extends Exception {
        MalformedForm(String message) {
            super(message, null, false, false);
        }
    }

    /** The body exceeded the cap. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super("the request body is too large", null, false, false);
        }
    }

    private FormParser() {
    }

    /** A new, mutable map to collect parameters into, keeping the order they were sent in. */
    static Map<String, List<String>> newMap() {
        return new LinkedHashMap<>();
    }

    /** Adds every pair of {@code encoded} (may be {@code null} or empty) to {@code into}. */
    static void parseInto(String encoded, Map<String, List<String>> into) throws MalformedForm {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        int start = 0;
        while (start <= encoded.length()) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = encoded.length();
            }
            if (end > start) {
                String pair = encoded.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!name.isEmpty()) {
                    into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
            start = end + 1;
        }
    }

    /** Whether a {@code Content-Type} header value is a form, in UTF-8 or with no charset. */
    static boolean isUtf8Form(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/x-www-form-urlencoded")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = param.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (key.equals("charset") && !value.equalsIgnoreCase("UTF-8")) {
                return false;
            }
        }
        return true;
    }

    /** The body as text, refusing more than {@code max} bytes whatever the declared length. */
    static String readBody(InputStream in, long declaredLength, int max) throws IOException, TooLarge, MalformedForm {
        if (declaredLength > max) {
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 256);
        byte[] buffer = new byte[4096];
        int total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > max) {
                throw new TooLarge();
            }
            out.write(buffer, 0, n);
        }
        return utf8(out.toByteArray());
    }

    /** Reads and discards the body, refusing more than {@code max} bytes. */
    static void drain(InputStream in, long declaredLength, int max) throws IOException, TooLarge {
        if (declaredLength > max) {
            throw new TooLarge();
        }
        byte[] buffer = new byte[4096];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > max) {
                throw new TooLarge();
            }
        }
    }

    /** Percent-decodes one name or value ({@code +} is a space) and reads the bytes as UTF-8. */
    static String decode(String s) throws MalformedForm {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new MalformedForm("a percent-encoded octet is malformed");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                int codePoint = s.codePointAt(i);
                if (Character.isSurrogate((char) codePoint)) {
                    throw new MalformedForm("the form is not valid UTF-8");
                }
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return utf8(bytes.toByteArray());
    }

    private static String utf8(byte[] bytes) throws MalformedForm {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedForm("the form is not valid UTF-8");
        }
    }
}
