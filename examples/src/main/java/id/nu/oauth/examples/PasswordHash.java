package id.nu.oauth.examples;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
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
