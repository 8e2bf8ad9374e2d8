package id.nu.oauth.storage;

/**
 * Access or refresh token; the RFC 7009 {@code token_type_hint} values.
 *
 * <pre>{@code
 * TokenKind.REFRESH.hint() // "refresh_token"
 * }</pre>
 */
public enum TokenKind {
    /** A bearer access token (RFC 6750). */
    ACCESS("access_token"),
    /** A refresh token (RFC 6749 §1.5). */
    REFRESH("refresh_token");

    private final String hint;

    TokenKind(String hint) {
        this.hint = hint;
    }

    /** The {@code token_type_hint} value (RFC 7009 §2.1). */
    public String hint() {
        return hint;
    }
}
