package id.nu.oauth.storage;

import java.util.Optional;

/**
 * The dynamic registrations of clients (RFC 7591, RFC 7592): one {@link Registration} per client that
 * registered itself, keyed by client id. Deleting a client ({@link ClientStore#delete}) deletes its
 * registration with it.
 *
 * <pre>{@code
 * store.save(registration);
 * if (!store.replace(clientId, presentedHash, updated.withAccessTokenHash(newHash))) {
 *     // another request rotated the token first, or the token is wrong
 * }
 * }</pre>
 */
public interface RegistrationStore {

    /** The registration of this client, if it registered itself and was not deleted. */
    Optional<Registration> find(String clientId);

    /** Saves the registration, replacing one of the same client. */
    void save(Registration registration);

    /**
     * Replaces the registration of {@code next.clientId()} with {@code next} if, and only if, its
     * current access token hash is {@code expectedAccessTokenHash}: a compare-and-set. Of any number
     * of concurrent calls with the same expected hash, across every node sharing the store, exactly
     * one returns {@code true}.
     */
    boolean replace(String expectedAccessTokenHash, Registration next);

    /** Deletes the registration; returns whether there was one. */
    boolean delete(String clientId);
}
