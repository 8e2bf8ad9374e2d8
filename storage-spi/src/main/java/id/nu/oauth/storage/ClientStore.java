package id.nu.oauth.storage;

import id.nu.oauth.client.Client;

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

    /** The client with this id, if registered. */
    Optional<Client> find(String clientId);

    /** Registers the client, replacing one with the same id. */
    void save(Client client);
}
