package id.nu.oauth.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the access token of a request to a protected resource (RFC 6750 §2): the
 * {@code Authorization: Bearer} header (§2.1) or, where the resource allows it, the
 * {@code access_token} parameter of a form POST (§2.2); never the URL query (§2.3 is not
 * supported: RFC 9700 §4.3.2), never two methods at once (§2: "MUST NOT use more than one method").
 */
final class BearerCredentials {

    private BearerCredentials() {
    }

    /** What the request carried. */
    sealed interface Result {
    }

    /** No bearer token at all (RFC 6750 §3.1: answer without an error code). */
    record Missing() implements Result {
    }

    /** Malformed credentials: RFC 6750 §3.1 invalid_request. */
    record Malformed(String description) implements Result {
    }

    /** The token as sent; {@code dpop} when it came with the {@code DPoP} scheme (RFC 9449 §7.1). */
    record Present(String token, boolean dpop) implements Result {
        Present(String token) {
            this(token, false);
        }
    }

    /**
     * @param request the HTTP request (its headers and its raw query)
     * @param form the form parameters of a POST that may carry {@code access_token}, or {@code null}
     */
    static Result read(EndpointRequest request, Map<String, List<String>> form) {
        List<String> headers = request.headers("Authorization");
        if (headers.size() > 1) {
            return new Malformed("the Authorization header was sent more than once");
        }
        try {
            if (FormCodec.decode(request.query()).containsKey("access_token")) {
                return new Malformed("the access token must not be sent in the URL (RFC 6750 section 2.3)");
            }
        } catch (FormCodec.Malformed malformed) {
            return new Malformed("the query string: " + malformed.getMessage());
        }
        List<String> formTokens = form == null ? List.of() : form.getOrDefault("access_token", List.of());
        if (formTokens.size() > 1) {
            return new Malformed("access_token was sent more than once");
        }
        String fromForm = formTokens.isEmpty() || formTokens.get(0).isEmpty() ? null : formTokens.get(0);
        String header = headers.isEmpty() ? null : headers.get(0);
        if (header != null && isScheme(header, "dpop")) {
            if (fromForm != null) {
                return new Malformed("the access token was sent by more than one method");
            }
            String token = header.substring(4);
            if (!token.startsWith(" ") || !isB64Token(token.substring(1))) {
                return new Malformed("the Authorization header is malformed (RFC 9449 section 7.1)");
            }
            return new Present(token.substring(1), true);
        }
        if (header == null || !isBearerScheme(header)) {
            return fromForm != null ? new Present(fromForm) : new Missing(); // another scheme: no bearer credentials
        }
        if (fromForm != null) {
            return new Malformed("the access token was sent by more than one method");
        }
        String token = header.substring(6);
        if (!token.startsWith(" ") || !isB64Token(token.substring(1))) {
            return new Malformed("the Authorization header is malformed (RFC 6750 section 2.1)");
        }
        return new Present(token.substring(1));
    }

    /** RFC 7235 §2.1: the scheme is case-insensitive. */
    private static boolean isBearerScheme(String header) {
        return isScheme(header, "bearer");
    }

    private static boolean isScheme(String header, String lowerCaseScheme) {
        int n = lowerCaseScheme.length();
        return header.length() >= n && header.substring(0, n).toLowerCase(Locale.ROOT).equals(lowerCaseScheme)
                && (header.length() == n || header.charAt(n) == ' ');
    }

    /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    static boolean isB64Token(String token) {
        int i = 0;
        while (i < token.length() && isB64Char(token.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < token.length() && token.charAt(i) == '=') {
            i++;
        }
        return i == token.length();
    }

    private static boolean isB64Char(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
