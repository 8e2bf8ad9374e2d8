package id.nu.oauth.examples;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * A JSON object indented two spaces a level, for the demo client's page: Nimbus parses (keeping the
 * key order), this only indents, because Nimbus has no pretty-printer.
 *
 * <pre>{@code
 * PrettyJson.of("{\"access_token\":\"x\",\"expires_in\":900}")   // {\n  "access_token": "x",\n  "expires_in": 900\n}
 * }</pre>
 */
final class PrettyJson {

    private PrettyJson() {
    }

    /** The object indented; text that is not a JSON object comes back as it was. */
    static String of(String json) {
        try {
            StringBuilder out = new StringBuilder();
            write(JSONObjectUtils.parse(json), out, "");
            return out.toString();
        } catch (ParseException notAnObject) {
            return json;
        }
    }

    private static void write(Object value, StringBuilder out, String indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            String inner = indent + "  ";
            String separator = "{\n";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(separator).append(inner).append(quote(e.getKey().toString())).append(": ");
                write(e.getValue(), out, inner);
                separator = ",\n";
            }
            out.append('\n').append(indent).append('}');
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            String separator = "[\n";
            for (Object item : list) {
                out.append(separator).append(indent).append("  ");
                write(item, out, indent + "  ");
                separator = ",\n";
            }
            out.append('\n').append(indent).append(']');
        } else if (value instanceof Map) {
            out.append("{}");
        } else if (value instanceof List) {
            out.append("[]");
        } else if (value instanceof String s) {
            out.append(quote(s));
        } else {
            out.append(value); // a number, true, false or null
        }
    }

    /** A JSON string as a person reads it: only quotes, backslashes and control characters escaped. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(c == '\n' ? "\\n" : String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
