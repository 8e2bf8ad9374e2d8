package id.nu.oauth.core;

import java.util.Locale;

/**
 * Reads the access token of a request to a protected resource (RFC 6750 §2): the
 * {@code Authorization: Bearer} header (§2.1) or the {@code access_token} form parameter of a POST
 * (§2.2), never both (§2: "MUST NOT use more than one method").
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

    /** Two methods at once, or a repeated parameter: RFC 6750 §3.1 invalid_request. */
    record Malformed(String description) implements Result {
    }

    /** The token as sent. */
    record Present(String token) implements Result {
    }

    static Result read(Params params, String authorization) {
        if (params.duplicated("access_token")) {
            return new Malformed("access_token was sent more than once");
        }
        String form = params.get("access_token");
        String header = null;
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.trim();
            // RFC 7235 §2.1: the scheme is case-insensitive.
            if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                header = value.substring(7).trim();
            } else if (form == null) {
                return new Missing(); // another scheme: no bearer credentials
            }
        }
        if (header != null && form != null) {
            return new Malformed("the access token was sent by more than one method");
        }
        String token = header != null ? header : form;
        if (token == null || token.isEmpty()) {
            return new Missing();
        }
        return new Present(token);
    }
}
