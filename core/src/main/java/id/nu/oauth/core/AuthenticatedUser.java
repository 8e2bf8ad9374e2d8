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
 * }</pre>
 *
 * @param subject the host's stable, unique id for the user (never an email that can change); not
 *     starting with {@code client:}, the namespace of clients acting for themselves (RFC 9068 §5),
 *     so a user's {@code sub} can never be taken for a client's
 * @param authTime when the user last authenticated
 * @param acr the authentication context class reference the login met (the id_token's {@code acr},
 *     OpenID Connect Core 1.0 §2), or {@code null} when the host says none; one token of visible
 *     ASCII without spaces, as {@code acr_values} are space-separated
 */
public record AuthenticatedUser(String subject, Instant authTime, String acr) {

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
    }

    /** A user whose login the host does not classify (no {@code acr}). */
    public AuthenticatedUser(String subject, Instant authTime) {
        this(subject, authTime, null);
    }

    /** The same user, with the authentication context class reference their login met. */
    public AuthenticatedUser withAcr(String acr) {
        return new AuthenticatedUser(subject, authTime, Objects.requireNonNull(acr, "acr"));
    }
}
