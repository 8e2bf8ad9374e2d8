package id.nu.oauth.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The secret a confidential client had before its last rotation, still accepted until
 * {@code expiresAt} so that the client's instances can switch over without an outage.
 *
 * <pre>{@code
 * new PreviousSecret(oldHash, now.plus(Duration.ofHours(24)))
 * }</pre>
 *
 * @param hash the old secret's hash
 * @param expiresAt when the old secret stops working
 */
public record PreviousSecret(SecretHash hash, Instant expiresAt) {

    public PreviousSecret {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the old secret still works at {@code now}. */
    public boolean acceptedAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
