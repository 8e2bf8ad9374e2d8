package id.nu.oauth.core;

import java.util.Objects;

/**
 * An error as the engine returns it: an {@link ErrorCode} (which knows its wire value, HTTP status
 * and challenge) and a fixed, human-readable description. Descriptions never echo the request's
 * values. Build one with the factories; {@link EndpointResponse#error(OAuthError)} turns it into the
 * JSON answer.
 *
 * <pre>{@code
 * if (result instanceof AuthorizeResult.ErrorPage page) {
 *     render(page.status(), page.error().code(), page.error().description());
 * }
 * OAuthError e = OAuthError.of(ErrorCode.INVALID_GRANT, "the code has expired");
 * }</pre>
 *
 * @param errorCode what went wrong
 * @param description the {@code error_description} value
 */
public record OAuthError(ErrorCode errorCode, String description) {

    public OAuthError {
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(description, "description");
    }

    /** An error of this code with this description. */
    public static OAuthError of(ErrorCode code, String description) {
        return new OAuthError(code, description);
    }

    /**
     * The error for a status the container answered by itself before the engine saw the request
     * (see {@link ErrorCode#forHttpStatus(int)}), with a fixed description.
     */
    public static OAuthError forHttpStatus(int status) {
        ErrorCode code = ErrorCode.forHttpStatus(status);
        return new OAuthError(code, switch (code) {
            case NOT_FOUND -> "there is no endpoint at this path";
            case URI_TOO_LONG -> "the URL is too long";
            case HEADERS_TOO_LARGE -> "the request headers are too large";
            case HTTP_VERSION_NOT_SUPPORTED -> "this HTTP version is not supported";
            case REQUEST_TOO_LARGE -> "the request body is too large";
            case METHOD_NOT_ALLOWED -> "this endpoint does not accept this method";
            case UNSUPPORTED_MEDIA_TYPE -> "the body must be application/x-www-form-urlencoded in UTF-8";
            case SERVER_ERROR, TEMPORARILY_UNAVAILABLE -> SERVER_ERROR_DESCRIPTION;
            default -> "the request is malformed";
        });
    }

    /** The {@code error} value on the wire, e.g. {@code invalid_grant}. */
    public String code() {
        return errorCode.value();
    }

    /** The HTTP status this error is answered with. */
    public int status() {
        return errorCode.status();
    }

    /** A missing, repeated or malformed parameter (RFC 6749 §5.2). */
    public static OAuthError invalidRequest(String description) {
        return new OAuthError(ErrorCode.INVALID_REQUEST, description);
    }

    /** Client authentication failed (RFC 6749 §5.2). */
    public static OAuthError invalidClient(String description) {
        return new OAuthError(ErrorCode.INVALID_CLIENT, description);
    }

    /** The grant (code, refresh token) is invalid, expired, revoked or another client's (RFC 6749 §5.2). */
    public static OAuthError invalidGrant(String description) {
        return new OAuthError(ErrorCode.INVALID_GRANT, description);
    }

    static OAuthError unauthorizedClient(String description) {
        return new OAuthError(ErrorCode.UNAUTHORIZED_CLIENT, description);
    }

    static OAuthError unsupportedGrantType(String description) {
        return new OAuthError(ErrorCode.UNSUPPORTED_GRANT_TYPE, description);
    }

    static OAuthError unsupportedResponseType(String description) {
        return new OAuthError(ErrorCode.UNSUPPORTED_RESPONSE_TYPE, description);
    }

    static OAuthError invalidScope(String description) {
        return new OAuthError(ErrorCode.INVALID_SCOPE, description);
    }

    /** RFC 8707 §2: the resource is malformed, not allowed, or not granted. */
    static OAuthError invalidTarget(String description) {
        return new OAuthError(ErrorCode.INVALID_TARGET, description);
    }

    static OAuthError accessDenied(String description) {
        return new OAuthError(ErrorCode.ACCESS_DENIED, description);
    }

    /** OpenID Connect Core 1.0 §3.1.2.6: prompt=none, but the user must log in. */
    static OAuthError loginRequired(String description) {
        return new OAuthError(ErrorCode.LOGIN_REQUIRED, description);
    }

    /** OpenID Connect Core 1.0 §3.1.2.6: prompt=none, but the user must consent. */
    static OAuthError consentRequired(String description) {
        return new OAuthError(ErrorCode.CONSENT_REQUIRED, description);
    }

    /** RFC 9101 §6.2: a {@code request_uri} this server cannot use. */
    static OAuthError invalidRequestUri(String description) {
        return new OAuthError(ErrorCode.INVALID_REQUEST_URI, description);
    }

    /** RFC 9101 §6.2: a request object this server cannot accept. */
    static OAuthError invalidRequestObject(String description) {
        return new OAuthError(ErrorCode.INVALID_REQUEST_OBJECT, description);
    }

    private static final String SERVER_ERROR_DESCRIPTION = "the authorization server could not complete the request";

    /** A fault inside the server; the description says nothing about it. */
    public static OAuthError serverError() {
        return new OAuthError(ErrorCode.SERVER_ERROR, SERVER_ERROR_DESCRIPTION);
    }
}
