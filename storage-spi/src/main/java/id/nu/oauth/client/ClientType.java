package id.nu.oauth.client;

/**
 * How a client proves who it is at the token endpoint (RFC 6749 §2.1).
 *
 * <pre>{@code
 * Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb").build().type() == ClientType.PUBLIC
 * }</pre>
 */
public enum ClientType {
    /** Holds a secret and authenticates with {@code client_secret_basic} or {@code client_secret_post}. */
    CONFIDENTIAL,
    /** Cannot keep a secret; identified by {@code client_id} alone and must use PKCE S256. */
    PUBLIC,
    /**
     * A public client registered deliberately for the documented NU.ID flow: no secret and no PKCE.
     * Less safe than {@link #PUBLIC}; registering one logs a warning.
     */
    LEGACY_PUBLIC;

    /** {@code true} for the types that have no secret. */
    public boolean isPublic() {
        return this != CONFIDENTIAL;
    }
}
