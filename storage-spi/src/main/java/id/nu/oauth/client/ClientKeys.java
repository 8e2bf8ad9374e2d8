package id.nu.oauth.client;

import java.net.URI;
import java.util.Locale;

/**
 * Where a client's public keys are: a JWK set registered inline, or the URL it is published at
 * (OpenID Connect Dynamic Client Registration §2, {@code jwks} and {@code jwks_uri}; never both).
 * The keys verify the client's {@code private_key_jwt} assertions and signed request objects.
 *
 * <pre>{@code
 * ClientKeys inline = ClientKeys.inline("{\"keys\":[{\"kty\":\"EC\",...}]}");
 * ClientKeys remote = ClientKeys.remote(URI.create("https://bank.example/jwks.json"));
 * }</pre>
 *
 * @param jwks the JWK set as JSON (public keys only; the engine checks it on registration), or
 *     {@code null}
 * @param jwksUri an {@code https} URL of the JWK set, or {@code null}
 */
public record ClientKeys(String jwks, URI jwksUri) {

    /** No keys. */
    public static final ClientKeys NONE = new ClientKeys(null, null);

    public ClientKeys {
        if (jwks != null && jwksUri != null) {
            throw new IllegalArgumentException("a client registers jwks or jwks_uri, not both");
        }
        if (jwks != null && jwks.isBlank()) {
            throw new IllegalArgumentException("jwks is empty");
        }
        if (jwksUri != null) {
            if (!jwksUri.isAbsolute() || jwksUri.getHost() == null
                    || !"https".equals(jwksUri.getScheme().toLowerCase(Locale.ROOT))
                    || jwksUri.getRawFragment() != null || jwksUri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("jwks_uri must be an absolute https URL without user info "
                        + "or fragment: " + jwksUri);
            }
        }
    }

    /** Keys registered inline as a JWK set. */
    public static ClientKeys inline(String jwkSetJson) {
        return new ClientKeys(jwkSetJson, null);
    }

    /** Keys published at an https URL. */
    public static ClientKeys remote(URI jwksUri) {
        return new ClientKeys(null, jwksUri);
    }

    /** Whether any keys are registered. */
    public boolean present() {
        return jwks != null || jwksUri != null;
    }
}
