package id.nu.oauth.examples.springboot;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The portal's users, in memory, with passwords stored as PBKDF2-HMAC-SHA256 hashes
 * ({@code pbkdf2$<iterations>$<salt>$<hash>}, base64url). A real portal has a user database;
 * the shape of the check is the same.
 *
 * <pre>{@code
 * Optional<String> subject = users.authenticate("alice", passwordFromTheForm);
 * String stored = Users.hash("a new password");   // for application.properties
 * }</pre>
 */
@Component
public class Users {

    private static final int ITERATIONS = 210_000;
    /** A hash compared against when the user is unknown, so both cases take the same time. */
    private static final String DUMMY = hash("no user has this password");

    private final Map<String, String> hashes;

    /** The demo user {@code alice}, whose hash comes from {@code portal.users.alice}. */
    public Users(@Value("${portal.users.alice}") String aliceHash) {
        this.hashes = Map.of("alice", aliceHash);
    }

    /** The user's subject when the password is right, else empty. */
    public Optional<String> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        String stored = hashes.get(username);
        boolean ok = matches(stored != null ? stored : DUMMY, password);
        return ok && stored != null ? Optional.of(username) : Optional.empty();
    }

    /** A new PBKDF2 hash of {@code password} with a random salt. */
    public static String hash(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "pbkdf2$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    static boolean matches(String stored, String password) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2")) {
            return false;
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = pbkdf2(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    /** Prints a hash for a password given as the first argument, for application.properties. */
    public static void main(String[] args) {
        System.out.println(hash(args[0]));
    }
}
