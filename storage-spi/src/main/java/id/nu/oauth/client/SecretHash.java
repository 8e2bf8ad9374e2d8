package id.nu.oauth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A client secret as it is stored: a salted SHA-256 hash, never the secret itself.
 *
 * <p>Client secrets are machine credentials, like API keys, so one fast salted hash is enough and
 * the token endpoint stays fast; that holds only if they cannot be guessed. So {@link #of} refuses a
 * secret shorter than {@value #MIN_SECRET_LENGTH} characters or with less than
 * {@value #MIN_SECRET_BITS} bits of estimated entropy: the estimate credits each character with
 * the alphabet of the character classes used (hex digits alone count 16), and discounts repeats,
 * even sequences and few distinct characters, so {@code aaaa…}, {@code abab…} and
 * {@code 0123456789012…} are refused while 32 random hex digits (128 bits) pass. It cannot
 * recognise words: a passphrase of ordinary words passes although a dictionary attack needs far
 * fewer guesses. Use {@link #generateSecret()} (256 random bits), which always passes. Comparison is
 * constant-time.
 *
 * <pre>{@code
 * String secret = SecretHash.generateSecret();        // give this to the client's developers once
 * SecretHash stored = SecretHash.of(secret);          // keep only this
 * stored.matches(secret);                             // true
 * SecretHash.parse(stored.encoded()).equals(stored);  // the encoded form round-trips
 * }</pre>
 */
public final class SecretHash {

    /** The shortest client secret accepted. */
    public static final int MIN_SECRET_LENGTH = 32;

    /** The least estimated entropy of a client secret accepted, in bits. */
    public static final int MIN_SECRET_BITS = 128;

    private static final String PREFIX = "sha256$";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt;
    private final byte[] hash;

    private SecretHash(byte[] salt, byte[] hash) {
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Hashes a new secret with a fresh random salt, if it is long and random enough (see above).
     *
     * @throws IllegalArgumentException if the secret is shorter than {@value #MIN_SECRET_LENGTH}
     *     characters or has less than {@value #MIN_SECRET_BITS} bits of estimated entropy (the
     *     message never contains the secret)
     */
    public static SecretHash of(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "client secrets must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        if (SecretEntropy.bits(secret) < MIN_SECRET_BITS) {
            throw new IllegalArgumentException("client secrets must have at least " + MIN_SECRET_BITS
                    + " bits of entropy, and this one looks guessable (too few random characters for its alphabet, "
                    + "or repeated or sequential ones); make one with SecretHash.generateSecret()");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new SecretHash(salt, digest(salt, secret));
    }

    /**
     * Reads the form written by {@link #encoded()}: {@code sha256$<salt>$<hash>}, base64url. A stored
     * hash is never checked again, so secrets registered before a stricter rule keep working.
     */
    public static SecretHash parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        if (!encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a nuid-oauth secret hash");
        }
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a nuid-oauth secret hash");
        }
        Base64.Decoder decoder = Base64.getUrlDecoder();
        byte[] salt = decoder.decode(parts[0]);
        byte[] hash = decoder.decode(parts[1]);
        if (salt.length < 16 || hash.length != 32) {
            throw new IllegalArgumentException("not a nuid-oauth secret hash");
        }
        return new SecretHash(salt, hash);
    }

    /** A new random secret of 256 bits, base64url without padding (43 characters). */
    public static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code candidate} is the secret this hash was made from, compared in constant time. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(hash, digest(salt, candidate));
    }

    /** The storable text form. */
    public String encoded() {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + encoder.encodeToString(salt) + "$" + encoder.encodeToString(hash);
    }

    /** A SHA-256 digest to clone: a provider lookup per client authentication costs more than the hash. */
    private static final MessageDigest PROTOTYPE = newDigest();

    private static byte[] digest(byte[] salt, String secret) {
        MessageDigest sha256;
        try {
            sha256 = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            sha256 = newDigest();
        }
        sha256.update(salt);
        return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretHash other
                && MessageDigest.isEqual(salt, other.salt)
                && MessageDigest.isEqual(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(hash);
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "SecretHash[sha256]";
    }
}
