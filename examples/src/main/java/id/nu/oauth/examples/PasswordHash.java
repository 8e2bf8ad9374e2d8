package id.nu.oauth.examples;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A user's password as the demo keeps it: PBKDF2-HMAC-SHA256 from the JDK, a random 16-byte salt
 * per password, {@value #DEFAULT_ITERATIONS} iterations (OWASP's 2023 advice for this hash), and a
 * constant-time comparison. The clear password is never kept.
 *
 * <pre>{@code
 * PasswordHash stored = PasswordHash.of("correct horse".toCharArray());
 * stored.matches("correct horse".toCharArray());   // true
 * }</pre>
 */
final class PasswordHash {

    static final int DEFAULT_ITERATIONS = 600_000;
    /** The fewest iterations a configured hash may have (OWASP's floor for this hash in 2023). */
    static final int MIN_ITERATIONS = 100_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt;
    private final byte[] hash;
    private final int iterations;

    private PasswordHash(byte[] salt, byte[] hash, int iterations) {
        this.salt = salt;
        this.hash = hash;
        this.iterations = iterations;
    }

    /** Hashes a password with a fresh salt. */
    static PasswordHash of(char[] password) {
        return of(password, DEFAULT_ITERATIONS);
    }

    static PasswordHash of(char[] password, int iterations) {
        Objects.requireNonNull(password, "password");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new PasswordHash(salt, derive(password, salt, iterations), iterations);
    }

    /**
     * Reads the form {@link #encoded()} writes: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, salt
     * and hash in base64url. A configuration file can carry this instead of a clear password.
     *
     * @throws IllegalArgumentException if it is not that form (the message never repeats it)
     */
    static PasswordHash parse(String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("a password hash is pbkdf2-sha256$<iterations>$<salt>$<hash>");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getUrlDecoder().decode(parts[2]);
            byte[] hash = Base64.getUrlDecoder().decode(parts[3]);
            if (iterations < MIN_ITERATIONS || salt.length < 16 || hash.length != HASH_BITS / 8) {
                throw new IllegalArgumentException("a password hash needs at least " + MIN_ITERATIONS
                        + " iterations, a 16-byte salt and a 32-byte hash");
            }
            return new PasswordHash(salt, hash, iterations);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a password hash is pbkdf2-sha256$<iterations>$<salt>$<hash>");
        }
    }

    /** The storable form, read back by {@link #parse(String)}. */
    String encoded() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code candidate} is the password, compared in constant time. */
    boolean matches(char[] candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(hash, derive(candidate, salt, iterations));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "PasswordHash[" + ALGORITHM + ", " + iterations + " iterations]";
    }
}
