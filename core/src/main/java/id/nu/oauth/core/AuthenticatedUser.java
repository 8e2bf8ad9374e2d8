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
 * @param subject the host's stable, unique id for the user (never an email that can change)
 * @param authTime when the user last authenticated
 */
public record AuthenticatedUser(String subject, Instant authTime) {

    public AuthenticatedUser {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(authTime, "authTime");
        if (subject.isEmpty() || subject.length() > 255) {
            throw new IllegalArgumentException("subject must be 1 to 255 characters");
        }
    }
}
