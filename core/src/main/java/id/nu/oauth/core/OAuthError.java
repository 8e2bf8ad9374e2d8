package id.nu.oauth.core;

import java.util.Objects;

/**
 * An OAuth error as the engine returns it: an error code from RFC 6749 §4.1.2.1 / §5.2 (or RFC 7009)
 * and a fixed, human-readable description. Descriptions never echo the request's values.
 *
 * <pre>{@code
 * if (result instanceof AuthorizeResult.ErrorPage page) {
 *     render(page.error().code(), page.error().description());
 * }
 * }</pre>
 *
 * @param code the {@code error} value, e.g. {@code invalid_grant}
 * @param description the {@code error_description} value
 */
public record OAuthError(String code, String description) {

    public OAuthError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description);
    }

    static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", description);
    }

    static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description);
    }

    static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description);
    }

    static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description);
    }

    static OAuthError unsupportedResponseType(String description) {
        return new OAuthError("unsupported_response_type", description);
    }

    static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description);
    }

    static OAuthError accessDenied(String description) {
        return new OAuthError("access_denied", description);
    }

    /** OpenID Connect Core 1.0 §3.1.2.6: prompt=none, but the user must log in. */
    static OAuthError loginRequired(String description) {
        return new OAuthError("login_required", description);
    }

    /** OpenID Connect Core 1.0 §3.1.2.6: prompt=none, but the user must consent. */
    static OAuthError consentRequired(String description) {
        return new OAuthError("consent_required", description);
    }

    static OAuthError serverError() {
        return new OAuthError("server_error", "the authorization server could not complete the request");
    }
}
