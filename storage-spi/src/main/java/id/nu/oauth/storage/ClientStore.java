package id.nu.oauth.storage;

import id.nu.oauth.client.Client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Registered clients.
 *
 * <pre>{@code
 * clients.save(Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb").build());
 * clients.find("mobile-app");
 * }</pre>
 */
public interface ClientStore {

    /** The client with this id, if registered (a deleted client is not). */
    Optional<Client> find(String clientId);

    /** Registers the client, replacing one with the same id. */
    void save(Client client);

    /**
     * Up to {@code limit} registered clients whose id sorts after {@code afterClientId} ({@code null}:
     * from the first), in ascending order of client id (Java {@link String#compareTo}, the order
     * of the ids' UTF-16 units; ids are visible ASCII, so byte order too): a stable order in which
     * a client saved or deleted between two pages neither repeats nor hides another.
     */
    List<Client> list(String afterClientId, int limit);

    /**
     * Deletes the client, atomically with its consents and authorization codes, and revokes every
     * grant it holds (so its tokens stop working at once on every node, and stay dead even if a
     * client is registered again under the same id). The revoked grants and their tokens are
     * removed by {@link Storage#purgeExpired} in bounded batches. Returns whether the client existed.
     */
    boolean delete(String clientId, Instant now);
}
