package id.nu.oauth.core;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.Map;

/** The JSON responses of the token, refresh and revocation endpoints (RFC 6749 §5.1, §5.2). */
final class Responses {

    private static final String JSON = "application/json;charset=UTF-8";

    private Responses() {
    }

    static EndpointResponse json(int status, Map<String, ?> body) {
        return new EndpointResponse(status, JSON_HEADERS, toJson(body));
    }

    private static final Map<String, String> JSON_HEADERS = Map.of(
            "Content-Type", JSON,
            "Cache-Control", "no-store",
            "Pragma", "no-cache");

    /**
     * The body as JSON. A flat object of strings, integers and booleans (every token, refresh and
     * error response) is written here directly, as Nimbus's writer would write it, character for
     * character; anything else goes to Nimbus.
     */
    static String toJson(Map<String, ?> body) {
        StringBuilder out = new StringBuilder(256).append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : body.entrySet()) {
            Object value = e.getValue();
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, e.getKey()).append(':');
            if (value instanceof String s) {
                string(out, s);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean || value == null) {
                out.append(value);
            } else {
                return JSONObjectUtils.toJSONString(body);
            }
        }
        return out.append('}').toString();
    }

    /** A JSON string (RFC 8259 §7) escaped the way Nimbus's Gson escapes it (no HTML escaping). */
    private static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                switch (c) {
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\f' -> out.append("\\f");
                    default -> out.append(String.format("\\u%04x", (int) c));
                }
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }

    private static final EndpointResponse EMPTY =
            new EndpointResponse(200, Map.of("Cache-Control", "no-store", "Pragma", "no-cache"), "");

    /** RFC 7009 §2.2: 200 with no body. */
    static EndpointResponse empty() {
        return EMPTY;
    }

    static EndpointResponse error(OAuthError error) {
        int status = switch (error.code()) {
            case "invalid_client" -> 400;
            case "server_error" -> 500;
            case "temporarily_unavailable" -> 503;
            default -> 400;
        };
        return json(status, Map.of("error", error.code(), "error_description", error.description()));
    }

    /** RFC 6749 §5.2: a client that tried HTTP Basic gets 401 and a challenge. */
    static EndpointResponse clientFailure(ClientAuthenticator.Failed failed, String realm) {
        if (!failed.basicAttempted()) {
            return error(failed.error());
        }
        EndpointResponse base = error(failed.error());
        Map<String, String> headers = new java.util.HashMap<>(base.headers());
        headers.put("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        return new EndpointResponse(401, headers, base.body());
    }
}
