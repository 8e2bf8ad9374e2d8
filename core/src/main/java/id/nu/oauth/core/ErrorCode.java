package id.nu.oauth.core;

/**
 * Every error the engine answers, with the {@code error} value it puts on the wire, the HTTP status
 * it is answered with, and the {@code WWW-Authenticate} challenge scheme that goes with it. This is
 * the one table of statuses: no host, adapter or test writes a status or an error string by hand.
 *
 * <p>Some entries share a wire value and differ in status: a request the HTTP layer refuses (a
 * method the endpoint does not take, a body that is too large or not a form) is an
 * {@code invalid_request} with 405, 413 or 415.
 *
 * <pre>{@code
 * OAuthError e = OAuthError.invalidRequest("code is missing");
 * e.errorCode().status();      // 400
 * e.code();                    // "invalid_request"
 * EndpointResponse r = EndpointResponse.error(e);   // the JSON body, status and headers
 * }</pre>
 */
public enum ErrorCode {
    /** RFC 6749 §5.2, §4.1.2.1: a missing, repeated or malformed parameter. */
    INVALID_REQUEST("invalid_request", 400, null),
    /** RFC 6749 §5.2: client authentication failed; always 401 with a {@code Basic} challenge. */
    INVALID_CLIENT("invalid_client", 401, "Basic"),
    /** RFC 6749 §5.2. */
    INVALID_GRANT("invalid_grant", 400, null),
    /** RFC 6749 §5.2, §4.1.2.1. */
    UNAUTHORIZED_CLIENT("unauthorized_client", 400, null),
    /** RFC 6749 §5.2. */
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400, null),
    /** RFC 6749 §4.1.2.1. */
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type", 400, null),
    /** RFC 6749 §5.2, §4.1.2.1. */
    INVALID_SCOPE("invalid_scope", 400, null),
    /** RFC 6749 §4.1.2.1: the user said no. */
    ACCESS_DENIED("access_denied", 400, null),
    /** OpenID Connect Core 1.0 §3.1.2.6: {@code prompt=none}, but the user must log in. */
    LOGIN_REQUIRED("login_required", 400, null),
    /** OpenID Connect Core 1.0 §3.1.2.6: {@code prompt=none}, but the user must consent. */
    CONSENT_REQUIRED("consent_required", 400, null),
    /**
     * RFC 8707 §2: a {@code resource} that is malformed (not an absolute URI, or with a fragment),
     * not allowed for the client, or not among those the grant was given.
     */
    INVALID_TARGET("invalid_target", 400, null),
    /**
     * OpenID Connect Unmet Authentication Requirements 1.0 §2: the login could not meet an
     * essential {@code acr} the client asked for (OpenID Connect Core 1.0 §5.5.1.1).
     */
    UNMET_AUTHENTICATION_REQUIREMENTS("unmet_authentication_requirements", 400, null),
    /**
     * RFC 9101 §6.2, OpenID Connect Core 1.0 §3.1.2.6: the {@code request_uri} is unknown, expired,
     * used up or another client's (RFC 9126 §4), or not one this server issued.
     */
    INVALID_REQUEST_URI("invalid_request_uri", 400, null),
    /**
     * RFC 9101 §6.2, OpenID Connect Core 1.0 §3.1.2.6: the request object cannot be read, its
     * signature or algorithm is not accepted, or its claims are wrong.
     */
    INVALID_REQUEST_OBJECT("invalid_request_object", 400, null),
    /** RFC 7591 §3.2.2: a {@code redirect_uris} value of a client registration is not acceptable. */
    INVALID_REDIRECT_URI("invalid_redirect_uri", 400, null),
    /** RFC 7591 §3.2.2: a metadata field of a client registration is invalid or not allowed. */
    INVALID_CLIENT_METADATA("invalid_client_metadata", 400, null),
    /** RFC 7591 §3.2.2: a software statement was sent; this server does not accept them. */
    INVALID_SOFTWARE_STATEMENT("invalid_software_statement", 400, null),
    /** RFC 7009 §2.2.1. */
    UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", 400, null),
    /** RFC 6750 §3.1: a protected-resource request without usable bearer credentials; no error value. */
    MISSING_TOKEN(null, 401, "Bearer"),
    /** RFC 6750 §3.1: the access token is unknown, expired or revoked. */
    INVALID_TOKEN("invalid_token", 401, "Bearer"),
    /** RFC 6750 §3.1: the access token lacks a scope the resource needs. */
    INSUFFICIENT_SCOPE("insufficient_scope", 403, "Bearer"),
    /** No endpoint at this path. */
    NOT_FOUND("not_found", 404, null),
    /** The endpoint does not take this HTTP method (RFC 9110 §15.5.6); answered with {@code Allow}. */
    METHOD_NOT_ALLOWED("invalid_request", 405, null),
    /** The body is larger than the engine reads (RFC 9110 §15.5.14); the connection is closed. */
    REQUEST_TOO_LARGE("invalid_request", 413, null),
    /** The URL is longer than the container reads (RFC 9110 §15.5.15). */
    URI_TOO_LONG("invalid_request", 414, null),
    /** The body is not {@code application/x-www-form-urlencoded} in UTF-8 (RFC 9110 §15.5.16). */
    UNSUPPORTED_MEDIA_TYPE("invalid_request", 415, null),
    /** The headers are larger than the container reads (RFC 6585 §5). */
    HEADERS_TOO_LARGE("invalid_request", 431, null),
    /** The body ended before its length or its chunked framing was broken; the connection is closed. */
    UNREADABLE_BODY("invalid_request", 400, null),
    /** The request's HTTP version is not spoken (RFC 9110 §15.6.6). */
    HTTP_VERSION_NOT_SUPPORTED("invalid_request", 505, null),
    /** A fault inside the server or its store; logged once, never described. */
    SERVER_ERROR("server_error", 500, null),
    /** RFC 9449 §5, §7.1: the DPoP proof is missing where required, malformed or fails a check. */
    INVALID_DPOP_PROOF("invalid_dpop_proof", 400, null),
    /** RFC 9449 §8: the server requires a nonce in the DPoP proof; the answer carries one in {@code DPoP-Nonce}. */
    USE_DPOP_NONCE("use_dpop_nonce", 400, null),
    /** RFC 6749 §5.2 extension: the store is unavailable for now. */
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503, null);

    private final String value;
    private final int status;
    private final String challenge;

    ErrorCode(String value, int status, String challenge) {
        this.value = value;
        this.status = status;
        this.challenge = challenge;
    }

    /** The {@code error} value on the wire, e.g. {@code invalid_grant}; {@code null} for {@link #MISSING_TOKEN}. */
    public String value() {
        return value;
    }

    /** The HTTP status this error is answered with. */
    public int status() {
        return status;
    }

    /** The {@code WWW-Authenticate} scheme that answers it ({@code Basic}, {@code Bearer}), or {@code null}. */
    public String challenge() {
        return challenge;
    }

    /** Whether the answer closes the connection, because the rest of the body was not (or could not be) read. */
    public boolean closesConnection() {
        return this == REQUEST_TOO_LARGE || this == UNREADABLE_BODY;
    }

    /**
     * The entry for a status the container chose itself before the engine saw the request (an
     * oversized header, a bad {@code Host}, a URL too long, an HTTP version it does not speak), so
     * that its answer has the same shape as the engine's: 404, 405, 413, 414, 415, 431 and 505 have
     * their own entries, any other 4xx is {@link #INVALID_REQUEST}, any other 5xx {@link #SERVER_ERROR}.
     */
    public static ErrorCode forHttpStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> REQUEST_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> TEMPORARILY_UNAVAILABLE;
            case 505 -> HTTP_VERSION_NOT_SUPPORTED;
            default -> status >= 500 ? SERVER_ERROR : INVALID_REQUEST;
        };
    }

    /** The entry whose wire value is {@code value} (the first, for the shared {@code invalid_request}), or {@code null}. */
    public static ErrorCode fromValue(String value) {
        for (ErrorCode code : values()) {
            if (code.value != null && code.value.equals(value)) {
                return code;
            }
        }
        return null;
    }
}
