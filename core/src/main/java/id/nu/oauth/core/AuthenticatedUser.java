package id.nu.oauth.core;

import id.nu.oauth.client.Syntax;
import java.time.Instant;
import java.util.Objects;

/**
 * The user the host portal has logged in, as the host tells the engine.
 *
 * <pre>{@code
 * AuthenticatedUser user = new AuthenticatedUser("user-42", session.loginTime());
 * // after a login that met an authentication context class (OpenID Connect Core 1.0 §2, acr):
 * AuthenticatedUser strong = new AuthenticatedUser("user-42", session.loginTime()).withAcr("urn:nuid:acr:mfa");
 * // better, for OpenID Connect logout: name the login session (a random id made at login)
 * AuthenticatedUser named = new AuthenticatedUser("user-42", session.loginTime()).withSessionId(session.loginId());
 * }</pre>
 *
 * @param subject the host's stable, unique id for the user (never an email that can change); not
 *     starting with {@code client:}, the namespace of clients acting for themselves (RFC 9068 §5),
 *     so a user's {@code sub} can never be taken for a client's
 * @param authTime when the user last authenticated
 * @param acr the authentication context class reference the login met (the id_token's {@code acr},
 *     OpenID Connect Core 1.0 §2), or {@code null} when the host says none; one token of visible
 *     ASCII without spaces, as {@code acr_values} are space-separated
 * @param sessionId the host's id of this login (one per login, the same on every request of that
 *     login, not secret: it is the {@code sid} of id_tokens and logout tokens, OpenID Connect
 *     Back-Channel Logout 1.0 §2.1), 1 to 255 visible ASCII characters; {@code null} lets the engine
 *     derive one from the subject and the login time (then two logins of one user in the same
 *     millisecond share it). A host should give a random one: a derived {@code sid} is a hash of
 *     the subject and could be matched against a guessed user id.
 */
public record AuthenticatedUser(String subject, Instant authTime, String acr, String sessionId) {

    public AuthenticatedUser {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(authTime, "authTime");
        if (subject.isEmpty() || subject.length() > 255) {
            throw new IllegalArgumentException("subject must be 1 to 255 characters");
        }
        if (subject.startsWith(Subjects.CLIENT_PREFIX)) {
            throw new IllegalArgumentException("a user's subject cannot start with \"" + Subjects.CLIENT_PREFIX
                    + "\": that namespace names clients acting for themselves (RFC 9068 §5)");
        }
        if (acr != null && (acr.isEmpty() || acr.length() > 255 || !Syntax.isScopeToken(acr))) {
            throw new IllegalArgumentException("acr is 1 to 255 visible ASCII characters without spaces, quotes "
                    + "or backslashes");
        }
        if (sessionId != null && (sessionId.isEmpty() || sessionId.length() > 255
                || !sessionId.chars().allMatch(c -> c > 0x20 && c < 0x7F))) {
            throw new IllegalArgumentException("sessionId must be 1 to 255 visible ASCII characters");
        }
    }

    /** A user whose login the host does not classify (no {@code acr}) and whose login session the engine names. */
    public AuthenticatedUser(String subject, Instant authTime) {
        this(subject, authTime, null, null);
    }

    /** A user whose login session the engine names ({@code sessionId} {@code null}). */
    public AuthenticatedUser(String subject, Instant authTime, String acr) {
        this(subject, authTime, acr, null);
    }

    /** The same user, with the authentication context class reference their login met. */
    public AuthenticatedUser withAcr(String acr) {
        return new AuthenticatedUser(subject, authTime, Objects.requireNonNull(acr, "acr"), sessionId);
    }

    /**
     * The same user, in the login session the host names ({@code sid}, OpenID Connect Back-Channel
     * Logout 1.0 §2.1): a random id made at login, kept for the whole session.
     */
    public AuthenticatedUser withSessionId(String sessionId) {
        return new AuthenticatedUser(subject, authTime, acr, Objects.requireNonNull(sessionId, "sessionId"));
    }

    /**
     * The login session's id as clients see it ({@code sid}): {@link #sessionId()} when the host
     * gave one, else base64url(SHA-256(subject, authTime)) cut to 32 characters.
     */
    String sid() {
        if (sessionId != null) {
            return sessionId;
        }
        byte[] hash = TokenHasher.sha256(("nuid-oauth sid\n" + subject + "\n" + authTime)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 32);
    }
}
