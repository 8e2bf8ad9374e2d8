package id.nu.oauth.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A JWS signing key as the store keeps it: its public facts in clear, the key pair only encrypted.
 * The key source that wrote it (the engine's {@code StoredSigningKeys}) encrypts the private JWK
 * with a key the host supplies before it gets here, so the store never sees key material.
 *
 * <pre>{@code
 * keys.add(new StoredSigningKey(kid, "ES256", 7, activatesAt, activatesAt.plus(period).plus(retention), jwe));
 * }</pre>
 *
 * @param keyId the {@code kid} (RFC 7515 §4.1.4), unique in the store
 * @param algorithm the JWS {@code alg} it signs with, e.g. {@code RS256}
 * @param generation its place in the rotation of its algorithm, from 1; one key per algorithm and generation
 * @param activatesAt when it starts signing (it is published before)
 * @param expiresAt when no token it signed can be valid any more: the row may be purged after it
 * @param encryptedKey the private key, encrypted (e.g. a JWE compact serialization); opaque to the store
 */
public record StoredSigningKey(String keyId, String algorithm, long generation, Instant activatesAt,
        Instant expiresAt, String encryptedKey) {

    public StoredSigningKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(activatesAt, "activatesAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(encryptedKey, "encryptedKey");
        if (generation < 1) {
            throw new IllegalArgumentException("generation starts at 1");
        }
        if (!expiresAt.isAfter(activatesAt)) {
            throw new IllegalArgumentException("a key expires after it activates");
        }
    }

    /** {@code StoredSigningKey[kid=…, alg=…, generation=…]}: never the encrypted key. */
    @Override
    public String toString() {
        return "StoredSigningKey[kid=" + keyId + ", alg=" + algorithm + ", generation=" + generation
                + ", activatesAt=" + activatesAt + ", expiresAt=" + expiresAt + "]";
    }
}
