package id.nu.oauth.client;

/**
 * What happens to a refresh token when it is used (RFC 9700 §4.14.2).
 *
 * <pre>{@code
 * Client.confidential("portal", secret).refreshPolicy(RefreshPolicy.ROTATE)
 * }</pre>
 */
public enum RefreshPolicy {
    /**
     * Each use returns a new refresh token and retires the old one; presenting a retired token again
     * is taken as theft and revokes the whole grant. The default for public clients.
     */
    ROTATE,
    /**
     * The refresh token stays valid until its idle or absolute lifetime ends; the response carries no
     * new refresh token, as the NU.ID document shows. The default for confidential and legacy clients.
     */
    KEEP
}
