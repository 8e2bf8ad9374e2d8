package id.nu.oauth.storage;

import java.util.Optional;

/**
 * Users' consents, one per user and client.
 *
 * <pre>{@code
 * consents.find("user-42", "mobile-app").map(c -> c.covers(requested))
 * }</pre>
 */
public interface ConsentStore {

    /** The consent this user gave this client, if any. */
    Optional<Consent> find(String subject, String clientId);

    /** Stores the consent, replacing the one for the same user and client. */
    void save(Consent consent);

    /** Forgets the consent. Returns whether there was one. */
    boolean revoke(String subject, String clientId);

    /** Forgets every consent the user gave. Returns how many there were. */
    int revokeAll(String subject);
}
