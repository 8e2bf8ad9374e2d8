package id.nu.oauth.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo portal's users, checked by password. An unknown username costs the same hashing work as
 * a wrong password, so response times do not tell which usernames exist.
 *
 * <pre>{@code
 * UserDirectory users = new UserDirectory(config.users());
 * Optional<DemoUser> who = users.authenticate("demo", "demo-password".toCharArray());
 * }</pre>
 */
final class UserDirectory {

    private final Map<String, DemoUser> byUsername = new LinkedHashMap<>();
    private final PasswordHash decoy;

    UserDirectory(List<DemoUser> users) {
        for (DemoUser user : users) {
            byUsername.put(user.username(), user);
        }
        decoy = PasswordHash.of("decoy password for unknown usernames".toCharArray());
    }

    /** The user if the username exists and the password matches it. */
    Optional<DemoUser> authenticate(String username, char[] password) {
        DemoUser user = username == null ? null : byUsername.get(username);
        if (user == null) {
            decoy.matches(password == null ? new char[0] : password); // same work, result ignored
            return Optional.empty();
        }
        return user.password().matches(password) ? Optional.of(user) : Optional.empty();
    }

    /** The user with this subject, if any (the session keeps only the subject). */
    Optional<DemoUser> bySubject(String subject) {
        for (DemoUser user : byUsername.values()) {
            if (user.subject().equals(subject)) {
                return Optional.of(user);
            }
        }
        return Optional.empty();
    }
}
