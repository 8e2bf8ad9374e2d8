package id.nu.oauth.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What dynamic client registration (RFC 7591, RFC 7592) keeps about a client beyond the
 * {@link id.nu.oauth.client.Client} itself: the SHA-256 hash of its registration access token (never
 * the token), when it was registered, and the descriptive metadata the engine does not act on.
 * A client the host registered itself has none.
 *
 * <pre>{@code
 * Registration r = new Registration("dyn-4f2a", tokenHash, now,
 *         "https://app.example.org", null, null, null, List.of("ops@example.org"));
 * store.registrations().save(r);
 * }</pre>
 *
 * @param clientId the registered client's id
 * @param accessTokenHash the base64url SHA-256 of the registration access token
 * @param issuedAt when the client id was issued ({@code client_id_issued_at})
 * @param clientUri {@code client_uri}, or {@code null}
 * @param logoUri {@code logo_uri}, or {@code null}
 * @param policyUri {@code policy_uri}, or {@code null}
 * @param tosUri {@code tos_uri}, or {@code null}
 * @param contacts {@code contacts}; empty for none
 */
public record Registration(String clientId, String accessTokenHash, Instant issuedAt, String clientUri,
        String logoUri, String policyUri, String tosUri, List<String> contacts) {

    public Registration {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(accessTokenHash, "accessTokenHash");
        Objects.requireNonNull(issuedAt, "issuedAt");
        contacts = List.copyOf(contacts == null ? List.of() : contacts);
        for (String contact : contacts) {
            if (contact.isEmpty() || contact.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a contact is not empty and has no line break");
            }
        }
    }

    /** The same registration with another token hash (after a rotation). */
    public Registration withAccessTokenHash(String newHash) {
        return new Registration(clientId, newHash, issuedAt, clientUri, logoUri, policyUri, tosUri, contacts);
    }

    /** Never shows the token hash. */
    @Override
    public String toString() {
        return "Registration[" + clientId + "]";
    }
}
