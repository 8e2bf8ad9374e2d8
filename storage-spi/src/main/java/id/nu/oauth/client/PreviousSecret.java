package id.nu.oauth.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The secret a confidential client had before its last rotation, still accepted until
 * {@code expiresAt} so that the client's instances can switch over without an outage.
 *
 * <pre>{@code
 * new PreviousSecret(oldHash, now.plus(Duration.ofHours(24)))
 * new PreviousSecret(oldHash, now.plus(Duration.ofHours(24)), client.sealedSecret()) // a client_secret_jwt client
 * }</pre>
 *
 * @param hash the old secret's hash
 * @param expiresAt when the old secret stops working
 * @param sealedSecret the old secret sealed like {@link Client#sealedSecret()}, so that
 *     {@code client_secret_jwt} assertions made with it work for the same grace period; {@code null}
 *     for every other client
 */
public record PreviousSecret(SecretHash hash, Instant expiresAt, String sealedSecret) {

    public PreviousSecret {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (sealedSecret != null && sealedSecret.isBlank()) {
            throw new IllegalArgumentException("a sealed secret is not blank");
        }
    }

    /** An old secret without a sealed form (every client but a {@code client_secret_jwt} one). */
    public PreviousSecret(SecretHash hash, Instant expiresAt) {
        this(hash, expiresAt, null);
    }

    /** Whether the old secret still works at {@code now}. */
    public boolean acceptedAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** Never shows the hash or the sealed secret. */
    @Override
    public String toString() {
        return "PreviousSecret[expiresAt=" + expiresAt + (sealedSecret == null ? "]" : ", sealed]");
    }
}
