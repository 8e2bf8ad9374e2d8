package id.nu.oauth.examples;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A user who can log in to the demo portal, with the OpenID Connect claims the portal knows about
 * them (OpenID Connect Core 1.0 §5.1; the UserInfo endpoint releases those the token's scopes allow).
 *
 * <pre>{@code
 * DemoUser demo = new DemoUser("demo", "demo", "Demo User", PasswordHash.of("demo-password".toCharArray()),
 *         Map.of("name", "Demo User", "email", "demo@example.or.id", "email_verified", true));
 * }</pre>
 *
 * @param username what the user types on the login page
 * @param subject the stable id the engine records in grants and tokens
 * @param displayName the name the pages show
 * @param password the hashed password
 * @param claims the user's claims by their standard names ({@code name}, {@code email},
 *     {@code address} as a map, ...); never {@code sub}, which the server sets itself
 */
record DemoUser(String username, String subject, String displayName, PasswordHash password,
        Map<String, Object> claims) {

    DemoUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(password, "password");
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims)); // file order, for display
    }

    /** A user with no claims beyond {@code sub}. */
    DemoUser(String username, String subject, String displayName, PasswordHash password) {
        this(username, subject, displayName, password, Map.of());
    }
}
