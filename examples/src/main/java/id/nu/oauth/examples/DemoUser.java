package id.nu.oauth.examples;

import java.util.Objects;

/**
 * A user who can log in to the demo portal.
 *
 * <pre>{@code
 * DemoUser demo = new DemoUser("demo", "demo", "Demo User", PasswordHash.of("demo-password".toCharArray()));
 * }</pre>
 *
 * @param username what the user types on the login page
 * @param subject the stable id the engine records in grants and tokens
 * @param displayName the name the pages show
 * @param password the hashed password
 */
record DemoUser(String username, String subject, String displayName, PasswordHash password) {

    DemoUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(password, "password");
    }
}
