package id.nu.oauth.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP-level rules every endpoint applies before it reads a parameter, in one place: which
 * methods it takes, the body's size, framing, media type and charset, where each parameter may
 * come from, and repeated headers.
 */
final class HttpEdge {

    private static final String FORM = "application/x-www-form-urlencoded";

    /**
     * Parameters that are credentials or grants: never accepted from the URL of a POST endpoint,
     * where they would be logged by every proxy and kept in histories (RFC 6749 §2.3.1 "MUST NOT be
     * included in the request URI", §3.2 "MUST use the HTTP POST method"; RFC 6750 §2.3; RFC 9700
     * §4.3.2).
     */
    private static final Set<String> NEVER_IN_URL = Set.of("client_secret", "client_assertion", "code",
            "code_verifier", "refresh_token", "token", "access_token", "password", "assertion");

    private final int maxBodyBytes;

    HttpEdge(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** A 405 unless the request's method is one of {@code allowed} (RFC 9110 §15.5.6). */
    static OAuthError methodProblem(EndpointRequest request, List<String> allowed) {
        return allowed.contains(request.method()) ? null
                : OAuthError.of(ErrorCode.METHOD_NOT_ALLOWED, "this endpoint accepts " + String.join(", ", allowed)
                        + " only");
    }

    /** A second {@code Authorization} header is refused: two readers could disagree on which counts. */
    static OAuthError headerProblem(EndpointRequest request) {
        if (request.headers("Authorization").size() > 1) {
            return OAuthError.invalidRequest("the Authorization header was sent more than once");
        }
        return null;
    }

    /**
     * The parameters of a form POST, from the body only (RFC 6749 §3.2). The query may not carry a
     * credential or grant, nor repeat a body parameter; anything else in it is ignored.
     */
    Checked<Map<String, List<String>>> postForm(EndpointRequest request) {
        Checked<Map<String, List<String>>> body = body(request);
        if (body instanceof Checked.Failed<Map<String, List<String>>>) {
            return body;
        }
        Map<String, List<String>> form = ((Checked.Ok<Map<String, List<String>>>) body).value();
        Map<String, List<String>> query;
        try {
            query = FormCodec.decode(request.query());
        } catch (FormCodec.Malformed malformed) {
            return Checked.failed(OAuthError.invalidRequest("the query string: " + malformed.getMessage()));
        }
        for (String name : query.keySet()) {
            if (NEVER_IN_URL.contains(name)) {
                return Checked.failed(OAuthError.invalidRequest(name + " must be sent in the POST body, never in the "
                        + "URL (RFC 6749 section 2.3.1, section 3.2; RFC 6750 section 2.3)"));
            }
            if (form.containsKey(name)) {
                return Checked.failed(OAuthError.invalidRequest(
                        "a parameter was sent more than once (RFC 6749 section 3.2)"));
            }
        }
        return body;
    }

    /** The parameters of a GET: the query. */
    static Checked<Map<String, List<String>>> query(EndpointRequest request) {
        try {
            return Checked.ok(FormCodec.decode(request.query()));
        } catch (FormCodec.Malformed malformed) {
            return Checked.failed(OAuthError.invalidRequest("the query string: " + malformed.getMessage()));
        }
    }

    /**
     * The body as a form: readable, within the cap, and {@code application/x-www-form-urlencoded} in
     * UTF-8 (RFC 6749 Appendix B) unless it is empty.
     */
    Checked<Map<String, List<String>>> body(EndpointRequest request) {
        if (request.bodyUnreadable()) {
            return Checked.failed(OAuthError.of(ErrorCode.UNREADABLE_BODY,
                    "the request body ended before its length or its chunked framing is malformed"));
        }
        if (request.body().length > maxBodyBytes || declaredLength(request) > maxBodyBytes) {
            return Checked.failed(OAuthError.of(ErrorCode.REQUEST_TOO_LARGE, "the request body is too large"));
        }
        List<String> contentTypes = request.headers("Content-Type");
        if (contentTypes.size() > 1) {
            return Checked.failed(OAuthError.invalidRequest("the Content-Type header was sent more than once"));
        }
        if (request.body().length == 0 && contentTypes.isEmpty()) {
            return Checked.ok(Map.of()); // nothing sent, nothing to type
        }
        OAuthError typeProblem = mediaTypeProblem(contentTypes.isEmpty() ? null : contentTypes.get(0));
        if (typeProblem != null) {
            return Checked.failed(typeProblem);
        }
        try {
            return Checked.ok(FormCodec.decode(request.body()));
        } catch (FormCodec.Malformed malformed) {
            return Checked.failed(OAuthError.invalidRequest("the body: " + malformed.getMessage()));
        }
    }

    /** The {@code Content-Length} header, -1 when absent; a malformed one counts as too large. */
    private static long declaredLength(EndpointRequest request) {
        String value = request.header("Content-Length");
        if (value == null) {
            return request.headers("Content-Length").isEmpty() ? -1 : Long.MAX_VALUE;
        }
        String digits = value.trim();
        if (digits.isEmpty() || digits.length() > 18) {
            return Long.MAX_VALUE;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return Long.MAX_VALUE;
            }
        }
        return Long.parseLong(digits);
    }

    /**
     * Whether a {@code Content-Type} names a UTF-8 form (RFC 9110 §8.3.1: {@code type/subtype *(;
     * name=value)}, case-insensitive, the value a token or a quoted string): {@code null} if so, a
     * 400 when the header cannot be parsed, a 415 when it names another type or charset.
     */
    static OAuthError mediaTypeProblem(String contentType) {
        OAuthError unsupported = OAuthError.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "the body must be application/x-www-form-urlencoded in UTF-8");
        if (contentType == null) {
            return unsupported;
        }
        OAuthError malformed = OAuthError.invalidRequest("the Content-Type header is malformed");
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        if (type.isEmpty()) {
            return malformed;
        }
        if (!type.toLowerCase(Locale.ROOT).equals(FORM)) {
            return unsupported;
        }
        int i = semicolon < 0 ? contentType.length() : semicolon;
        while (i < contentType.length()) {
            // at a ';': one parameter follows
            int eq = contentType.indexOf('=', i + 1);
            if (eq < 0) {
                return contentType.substring(i + 1).isBlank() ? null : malformed; // "type;" is tolerated
            }
            String name = contentType.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !isToken(name)) {
                return malformed;
            }
            String value;
            int next;
            int start = eq + 1;
            if (start < contentType.length() && contentType.charAt(start) == '"') {
                int close = contentType.indexOf('"', start + 1);
                if (close < 0) {
                    return malformed;
                }
                value = contentType.substring(start + 1, close);
                next = contentType.indexOf(';', close);
                if (!contentType.substring(close + 1, next < 0 ? contentType.length() : next).isBlank()) {
                    return malformed;
                }
            } else {
                next = contentType.indexOf(';', start);
                value = contentType.substring(start, next < 0 ? contentType.length() : next).trim();
                if (value.isEmpty() || !isToken(value)) {
                    return malformed;
                }
            }
            if (name.equals("charset") && !value.equalsIgnoreCase("UTF-8")) {
                return unsupported;
            }
            i = next < 0 ? contentType.length() : next;
        }
        return null;
    }

    /** RFC 9110 §5.6.2: token = 1*tchar. */
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
