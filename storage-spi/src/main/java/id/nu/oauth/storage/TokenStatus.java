package id.nu.oauth.storage;

/**
 * The state of a stored token, as {@link TokenStore#find(String)} reports it.
 *
 * <pre>{@code
 * tokens.find(hash).filter(t -> t.status() == TokenStatus.ACTIVE)
 * }</pre>
 */
public enum TokenStatus {
    /** Usable until it expires. */
    ACTIVE,
    /** A refresh token replaced by rotation; presenting it again is reuse (RFC 9700 §4.14.2). */
    ROTATED,
    /** Revoked, directly or through its grant. */
    REVOKED
}
