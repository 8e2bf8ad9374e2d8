package id.nu.oauth.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One authorization a user gave a client: every token issued from one code (and its refreshes)
 * belongs to one grant, so revoking the grant revokes them all.
 *
 * <pre>{@code
 * Grant grant = new Grant(grantId, "mobile-app", "user-42", Set.of("openid"), authTime, now, now.plus(Duration.ofDays(90)), null);
 * }</pre>
 *
 * @param grantId random identifier; safe to log
 * @param clientId the client
 * @param subject the user, or {@code null} for a client acting for itself (client credentials)
 * @param scopes the scopes granted
 * @param authTime when the user authenticated, or {@code null} without a user
 * @param createdAt when the grant was made
 * @param expiresAt when the grant ends; no token of the grant outlives it
 * @param revokedAt when it was revoked, or {@code null}
 * @param sessionId the user's login session the grant was made in (the OpenID Connect {@code sid}
 *     of Back-Channel Logout 1.0 §2.1), or {@code null} (client credentials, grants stored before it)
 */
public record Grant(
        String grantId,
        String clientId,
        String subject,
        Set<String> scopes,
        Instant authTime,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        String sessionId) {

    /** A grant outside any login session ({@code sessionId} {@code null}). */
    public Grant(String grantId, String clientId, String subject, Set<String> scopes, Instant authTime,
            Instant createdAt, Instant expiresAt, Instant revokedAt) {
        this(grantId, clientId, subject, scopes, authTime, createdAt, expiresAt, revokedAt, null);
    }

    public Grant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes);
    }

    /** Whether the grant was revoked. */
    public boolean revoked() {
        return revokedAt != null;
    }

    /** The same grant, revoked at {@code at}. */
    public Grant withRevokedAt(Instant at) {
        return new Grant(grantId, clientId, subject, scopes, authTime, createdAt, expiresAt, at, sessionId);
    }
}
