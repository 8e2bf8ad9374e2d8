package id.nu.oauth.client;

import java.util.Optional;

/**
 * How a client authenticates at the token, introspection, revocation and PAR endpoints, named as
 * OpenID Connect Discovery and RFC 8414 name them ({@code token_endpoint_auth_method}).
 *
 * <pre>{@code
 * Client.confidential("bank-app", null)
 *         .authMethods(ClientAuthMethod.PRIVATE_KEY_JWT)
 *         .jwks(publicJwkSetJson)
 *         .build();
 * }</pre>
 */
public enum ClientAuthMethod {
    /** The secret in HTTP Basic (RFC 6749 §2.3.1). */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** The secret in the form body (RFC 6749 §2.3.1). */
    CLIENT_SECRET_POST("client_secret_post"),
    /** A JWT signed with the client's private key (RFC 7523 §2.2, OpenID Connect Core §9). */
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** No authentication: a public client, identified by its {@code client_id} only. */
    NONE("none");

    private final String wireValue;

    ClientAuthMethod(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The name on the wire, e.g. {@code private_key_jwt}. */
    public String wireValue() {
        return wireValue;
    }

    /** Whether this method proves possession of the client secret. */
    public boolean usesSecret() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
    }

    /** The method with this wire name, if any. */
    public static Optional<ClientAuthMethod> fromWireValue(String value) {
        for (ClientAuthMethod method : values()) {
            if (method.wireValue.equals(value)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
