package id.nu.oauth.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Whether an access token is good, for a host protecting its own resources in-process.
 *
 * <pre>{@code
 * if (server.validateAccessToken(bearer) instanceof AccessTokenValidation.Active t
 *         && t.scopes().contains("profile")) {
 *     serve(t.subject());
 * }
 * }</pre>
 */
public sealed interface AccessTokenValidation {

    /**
     * The token is active.
     *
     * @param subject the user, or {@code null} for a client acting for itself
     * @param clientId the client it was issued to
     * @param scopes its scopes
     * @param expiresAt when it expires
     * @param grantId its grant (safe to log)
     */
    record Active(String subject, String clientId, Set<String> scopes, Instant expiresAt, String grantId)
            implements AccessTokenValidation {
        public Active {
            Objects.requireNonNull(clientId, "clientId");
            scopes = Set.copyOf(scopes);
        }
    }

    /** Unknown, expired, revoked or not an access token; no more is said. */
    record Inactive() implements AccessTokenValidation {
    }
}
