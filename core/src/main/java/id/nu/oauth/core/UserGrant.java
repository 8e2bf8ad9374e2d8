package id.nu.oauth.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One app a user has connected: a live grant as the user's "connected apps" page shows it. Holds no
 * token and nothing secret; the grant id is safe to put in a page (and to revoke with, together with
 * the signed-in user's subject: {@link AuthorizationServer#revokeUserGrant}).
 *
 * <pre>{@code
 * for (UserGrant g : server.userGrants("user-42")) {
 *     print(g.clientName() + " · " + String.join(" ", g.scopes()) + " · last used " + g.lastUsed());
 * }
 * }</pre>
 *
 * @param grantId the grant's id
 * @param clientId the client the user authorized
 * @param clientName the client's name, as the consent page showed it
 * @param scopes the scopes granted
 * @param firstUsed when the user authorized it (the grant was made)
 * @param lastUsed when the app last got tokens with it (made or refreshed)
 * @param expiresAt when the grant ends at the latest
 */
public record UserGrant(String grantId, String clientId, String clientName, Set<String> scopes, Instant firstUsed,
        Instant lastUsed, Instant expiresAt) {

    public UserGrant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientName, "clientName");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(firstUsed, "firstUsed");
        Objects.requireNonNull(lastUsed, "lastUsed");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
