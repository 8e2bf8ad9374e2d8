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
    /**
     * A JWT signed with HMAC under the client secret (RFC 7523 §2.2, OpenID Connect Core §9). Opt-in:
     * the server keeps secrets only as hashes, so such a client also carries its secret sealed under
     * the host's key ({@link Client#sealedSecret()}), and the server needs that key.
     */
    CLIENT_SECRET_JWT("client_secret_jwt"),
    /** A JWT signed with the client's private key (RFC 7523 §2.2, OpenID Connect Core §9). */
    PRIVATE_KEY_JWT("private_key_jwt"),
    /**
     * Mutual TLS with a certificate from a PKI the TLS container trusts, matched by the
     * {@link CertificateSubject} the client registered (RFC 8705 §2.1).
     */
    TLS_CLIENT_AUTH("tls_client_auth"),
    /**
     * Mutual TLS with a self-signed certificate whose key is one of the client's registered keys
     * ({@code jwks} or {@code jwks_uri}, RFC 8705 §2.2).
     */
    SELF_SIGNED_TLS_CLIENT_AUTH("self_signed_tls_client_auth"),
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

    /** Whether this method proves possession of the client secret (sent, or as an HMAC key). */
    public boolean usesSecret() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST || this == CLIENT_SECRET_JWT;
    }

    /** Whether this method is mutual TLS (RFC 8705 §2): the client proves its certificate's key in the TLS handshake. */
    public boolean usesCertificate() {
        return this == TLS_CLIENT_AUTH || this == SELF_SIGNED_TLS_CLIENT_AUTH;
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
