package id.nu.oauth.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The user the host portal has logged in, as the host tells the engine.
 *
 * <pre>{@code
 * AuthenticatedUser user = new AuthenticatedUser("user-42", session.loginTime());
 * }</pre>
 *
 * @param subject the host's stable, unique id for the user (never an email that can change); not
 *     starting with {@code client:}, the namespace of clients acting for themselves (RFC 9068 §5),
 *     so a user's {@code sub} can never be taken for a client's
 * @param authTime when the user last authenticated
 */
public record AuthenticatedUser(String subject, Instant authTime) {

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
    }
}
