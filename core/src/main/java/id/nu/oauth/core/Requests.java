package id.nu.oauth.core;

/** The checks every POST endpoint makes before reading any parameter. */
final class Requests {

    private Requests() {
    }

    /** An invalid_request for a malformed request as a whole, or {@code null}. */
    static OAuthError problem(Params params) {
        if (params.structuralProblem() != null) {
            return OAuthError.invalidRequest("the request has too many parameters");
        }
        if (params.anyDuplicated() != null) {
            return OAuthError.invalidRequest("a parameter was sent more than once (RFC 6749 section 3.2)");
        }
        if (params.anyOversized() != null) {
            return OAuthError.invalidRequest("a parameter is too long");
        }
        return null;
    }
}
