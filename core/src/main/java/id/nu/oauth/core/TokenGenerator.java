package id.nu.oauth.core;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes the random values the engine hands out: codes, tokens and grant ids. Inject your own only
 * in tests; the default draws 256 bits from {@link SecureRandom}.
 *
 * <pre>{@code
 * AtomicInteger n = new AtomicInteger();
 * TokenGenerator predictable = () -> "token-" + n.incrementAndGet();   // tests only
 * }</pre>
 */
@FunctionalInterface
public interface TokenGenerator {

    /** A new value, unique and unguessable, in the URL-safe alphabet. */
    String newToken();

    /**
     * 256 random bits from {@link SecureRandom}, base64url without padding (43 characters). The
     * source is the JDK's {@code DRBG} (Hash_DRBG, SHA-256, 256-bit strength, seeded by the JDK),
     * a few instances shared by the request threads so that they do not queue on one lock.
     */
    static TokenGenerator secureRandom() {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return () -> {
            byte[] bytes = new byte[32];
            SecureRandoms.nextBytes(bytes);
            return encoder.encodeToString(bytes);
        };
    }
}
