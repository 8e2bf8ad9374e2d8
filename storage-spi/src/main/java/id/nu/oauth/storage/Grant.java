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
 * @param resources the resource indicators granted (RFC 8707); empty: none were asked for
 * @param acr the authentication context class the user's login met, or {@code null}
 * @param claims the OpenID Connect {@code claims} request (OIDC Core §5.5) as JSON, or {@code null}
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
        Set<String> resources,
        String acr,
        String claims,
        String sessionId) {

    public Grant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes);
        resources = Set.copyOf(resources == null ? Set.of() : resources);
    }

    /** A grant without resource indicators, acr or claims request (the eight parts before version 9). */
    public Grant(String grantId, String clientId, String subject, Set<String> scopes, Instant authTime,
            Instant createdAt, Instant expiresAt, Instant revokedAt) {
        this(grantId, clientId, subject, scopes, authTime, createdAt, expiresAt, revokedAt, Set.of(), null, null, null);
    }

    /** A grant outside any known login session ({@code sessionId} {@code null}; version 9). */
    public Grant(String grantId, String clientId, String subject, Set<String> scopes, Instant authTime,
            Instant createdAt, Instant expiresAt, Instant revokedAt, Set<String> resources, String acr, String claims) {
        this(grantId, clientId, subject, scopes, authTime, createdAt, expiresAt, revokedAt, resources, acr, claims, null);
    }

    /** A grant made in a login session, without resource indicators, acr or claims request. */
    public Grant(String grantId, String clientId, String subject, Set<String> scopes, Instant authTime,
            Instant createdAt, Instant expiresAt, Instant revokedAt, String sessionId) {
        this(grantId, clientId, subject, scopes, authTime, createdAt, expiresAt, revokedAt, Set.of(), null, null,
                sessionId);
    }

    /** Starts a grant by its id; every other part is named as it is set. */
    public static Builder builder(String grantId) {
        return new Builder(grantId);
    }

    /**
     * Builds a {@link Grant} part by part; {@link #build()} checks it as the constructor does.
     *
     * <pre>{@code
     * Grant grant = Grant.builder(grantId).client("mobile-app").subject("user-42").scopes(Set.of("openid"))
     *         .authTime(t).lifetime(now, now.plus(Duration.ofDays(90))).resources(Set.of("https://api.example/"))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final String grantId;
        private String clientId;
        private String subject;
        private Set<String> scopes = Set.of();
        private Instant authTime;
        private Instant createdAt;
        private Instant expiresAt;
        private Instant revokedAt;
        private Set<String> resources = Set.of();
        private String acr;
        private String claims;
        private String sessionId;

        private Builder(String grantId) {
            this.grantId = grantId;
        }

        /** The client. */
        public Builder client(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** The user, or {@code null} for a client acting for itself. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** The scopes granted. */
        public Builder scopes(Set<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        /** When the user authenticated, or {@code null}. */
        public Builder authTime(Instant authTime) {
            this.authTime = authTime;
            return this;
        }

        /** When the grant was made and when it ends. */
        public Builder lifetime(Instant createdAt, Instant expiresAt) {
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
            return this;
        }

        /** When it was revoked ({@code null} unless set). */
        public Builder revokedAt(Instant revokedAt) {
            this.revokedAt = revokedAt;
            return this;
        }

        /** The resource indicators granted (RFC 8707). */
        public Builder resources(Set<String> resources) {
            this.resources = resources;
            return this;
        }

        /** The authentication context class the login met, or {@code null}. */
        public Builder acr(String acr) {
            this.acr = acr;
            return this;
        }

        /** The OpenID Connect {@code claims} request (JSON), or {@code null}. */
        public Builder claims(String claims) {
            this.claims = claims;
            return this;
        }

        /** The user's login session the grant was made in (OpenID Connect {@code sid}), or {@code null}. */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /** The grant, checked. */
        public Grant build() {
            return new Grant(grantId, clientId, subject, scopes, authTime, createdAt, expiresAt, revokedAt, resources,
                    acr, claims, sessionId);
        }
    }

    /** Whether the grant was revoked. */
    public boolean revoked() {
        return revokedAt != null;
    }

    /** The same grant, revoked at {@code at}. */
    public Grant withRevokedAt(Instant at) {
        return new Grant(grantId, clientId, subject, scopes, authTime, createdAt, expiresAt, at, resources, acr, claims,
                sessionId);
    }
}
