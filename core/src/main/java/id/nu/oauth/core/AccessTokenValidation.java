package id.nu.oauth.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Whether an access token is good, for a host protecting its own resources in-process.
 *
 * <pre>{@code
 * if (server.validateAccessToken(bearer) instanceof AccessTokenValidation.Active t
 *         && t.scopes().contains("profile") && !t.clientOnly()) {
 *     serve(t.subject());      // the user, as the host named them in AuthenticatedUser
 * }
 * // a resource server that knows which resource it is (RFC 8707) accepts only tokens for it:
 * AccessTokenValidation forLedger = server.validateAccessToken(bearer, "https://ledger.example.or.id/");
 * }</pre>
 */
public sealed interface AccessTokenValidation {

    /**
     * The token is active.
     *
     * @param subject never {@code null}: the user, as the host named them in {@link AuthenticatedUser},
     *     or {@code client:<clientId>} for a client acting for itself (client credentials), a namespace
     *     no user subject can be in (RFC 9068 §5); see {@link #clientOnly()}
     * @param clientId the client it was issued to
     * @param scopes its scopes
     * @param expiresAt when it expires
     * @param grantId its grant (safe to log)
     * @param audience the resources it is for (its {@code aud}, RFC 8707 §2, RFC 9068 §3): the
     *     resource indicators the client asked for, or the server's configured audience when it
     *     asked for none
     */
    record Active(String subject, String clientId, Set<String> scopes, Instant expiresAt, String grantId,
            Set<String> audience) implements AccessTokenValidation {
        public Active {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(clientId, "clientId");
            scopes = Set.copyOf(scopes);
            audience = Set.copyOf(audience == null ? Set.of() : audience);
        }

        /** An active token whose audience is not known. */
        public Active(String subject, String clientId, Set<String> scopes, Instant expiresAt, String grantId) {
            this(subject, clientId, scopes, expiresAt, grantId, Set.of());
        }

        /**
         * Whether no user is behind the token: the client acts for itself (client credentials,
         * RFC 6749 §4.4), and {@link #subject()} is {@code client:<clientId>}.
         */
        public boolean clientOnly() {
            return subject.equals(Subjects.hostSubject(null, clientId));
        }
    }

    /** Unknown, expired, revoked or not an access token; no more is said. */
    record Inactive() implements AccessTokenValidation {
    }
}
