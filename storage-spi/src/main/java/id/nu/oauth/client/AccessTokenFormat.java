package id.nu.oauth.client;

/**
 * How a client's access tokens look on the wire. Either way the store keeps only the token's
 * SHA-256 hash, so revocation and introspection work the same for both.
 *
 * <pre>{@code
 * Client api = Client.confidential("reports", SecretHash.of(secret))
 *         .grantTypes(GrantType.CLIENT_CREDENTIALS)
 *         .accessTokenFormat(AccessTokenFormat.JWT)
 *         .build();
 * }</pre>
 */
public enum AccessTokenFormat {
    /** A random 256-bit value with no meaning outside the server (the default). */
    OPAQUE,
    /**
     * A signed JWT access token (RFC 9068, header {@code typ: at+jwt}) that resource servers can
     * verify with the published JWK set, without calling the server.
     */
    JWT
}
