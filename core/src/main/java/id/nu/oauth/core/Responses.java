package id.nu.oauth.core;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
     * The body as JSON. A flat object of strings, integers, booleans and arrays of strings (every
     * token, refresh, introspection and error response) is written here directly, as Nimbus's writer would write it, character for
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
            } else if (value instanceof List<?> list && strings(list)) {
                out.append('['); // an introspection's aud (RFC 7662 §2.2)
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(out, (String) list.get(i));
                }
                out.append(']');
            } else {
                return JSONObjectUtils.toJSONString(body);
            }
        }
        return out.append('}').toString();
    }

    private static boolean strings(List<?> list) {
        for (Object o : list) {
            if (!(o instanceof String)) {
                return false;
            }
        }
        return true;
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

    /**
     * The one writer of error answers (RFC 6749 §5.2): the status and the challenge the error's
     * {@link ErrorCode} names, {@code Connection: close} when the body was not read, and the JSON
     * body. {@code realm} goes into a challenge ({@code null}: none).
     */
    static EndpointResponse error(OAuthError error, String realm) {
        Events.noteError(error);
        ErrorCode code = error.errorCode();
        Map<String, String> headers = new HashMap<>(JSON_HEADERS);
        if (code.challenge() != null) {
            headers.put("WWW-Authenticate", challenge(code.challenge(), realm, code.challenge().equals("Bearer")
                    ? error : null, null));
        }
        if (code.closesConnection()) {
            headers.put("Connection", "close");
        }
        return new EndpointResponse(code.status(), headers, body(error));
    }

    static EndpointResponse error(OAuthError error) {
        return error(error, null);
    }

    /** A 405 with the {@code Allow} header (RFC 9110 §15.5.6). */
    static EndpointResponse methodNotAllowed(OAuthError error, java.util.List<String> allowed) {
        EndpointResponse base = error(error);
        Map<String, String> headers = new HashMap<>(base.headers());
        headers.put("Allow", String.join(", ", allowed));
        return new EndpointResponse(base.status(), headers, base.body());
    }

    /**
     * An error at a protected resource (RFC 6750 §3): every answer carries a {@code Bearer}
     * challenge with the error and, for {@code insufficient_scope}, the scope needed; a request with
     * no credentials ({@link ErrorCode#MISSING_TOKEN}) gets the bare challenge and no body (§3.1).
     */
    static EndpointResponse resourceError(OAuthError error, String realm, String scope) {
        Events.noteError(error);
        ErrorCode code = error.errorCode();
        Map<String, String> headers = new HashMap<>(JSON_HEADERS);
        headers.put("WWW-Authenticate", challenge("Bearer", realm, code.value() == null ? null : error, scope));
        if (code.closesConnection()) {
            headers.put("Connection", "close");
        }
        if (code.value() == null) {
            headers.remove("Content-Type");
            return new EndpointResponse(code.status(), headers, "");
        }
        return new EndpointResponse(code.status(), headers, body(error));
    }

    /**
     * An error at a protected resource for a DPoP-bound token (RFC 9449 §7.1): 401 with
     * {@code WWW-Authenticate: DPoP error=…, algs=…} and, for {@code use_dpop_nonce}, a
     * {@code DPoP-Nonce} header (§9).
     */
    static EndpointResponse dpopResourceError(OAuthError error, String realm, String algs, String nonce) {
        Map<String, String> headers = new HashMap<>(JSON_HEADERS);
        headers.put("WWW-Authenticate", challenge("DPoP", realm, error, null) + ", algs=\"" + algs + "\"");
        if (nonce != null) {
            headers.put("DPoP-Nonce", nonce);
        }
        return new EndpointResponse(401, headers, body(error));
    }

    private static String body(OAuthError error) {
        Map<String, String> body = new LinkedHashMap<>(4);
        body.put("error", error.code());
        body.put("error_description", error.description());
        return toJson(body);
    }

    /** RFC 7235 §4.1 / RFC 6750 §3 / RFC 7617 §2: {@code scheme realm="…"[, error="…", error_description="…"][, scope="…"]}. */
    private static String challenge(String scheme, String realm, OAuthError error, String scope) {
        StringBuilder out = new StringBuilder(scheme);
        String separator = " ";
        if (realm != null) {
            out.append(separator).append("realm=\"").append(quoted(realm)).append('"');
            separator = ", ";
        }
        if (scheme.equals("Basic")) {
            out.append(separator).append("charset=\"UTF-8\""); // RFC 7617 §2.1
            return out.toString();
        }
        if (error != null) {
            out.append(separator).append("error=\"").append(quoted(error.code())).append("\", error_description=\"")
                    .append(quoted(error.description())).append('"');
            separator = ", ";
        }
        if (scope != null) {
            out.append(separator).append("scope=\"").append(quoted(scope)).append('"');
        }
        return out.toString();
    }

    private static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c < 0x20 || c == 0x7F ? ' ' : c);
        }
        return out.toString();
    }

    /**
     * A public JSON document (JWKS, metadata): cacheable by anyone, readable from any origin. A HEAD
     * gets the same answer; the HTTP layer sends its headers without the body.
     */
    static EndpointResponse document(String json, String cacheControl) {
        return new EndpointResponse(200, Map.of(
                "Content-Type", JSON,
                "Cache-Control", cacheControl,
                "X-Content-Type-Options", "nosniff",
                // Public documents without credentials: browser-based clients on other origins read
                // them to discover the server and verify tokens (OIDC Discovery 1.0 §4, RFC 8414 §3).
                "Access-Control-Allow-Origin", "*"), json);
    }
}
