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

    /** 256 random bits from {@link SecureRandom}, base64url without padding (43 characters). */
    static TokenGenerator secureRandom() {
        SecureRandom random = new SecureRandom();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return () -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return encoder.encodeToString(bytes);
        };
    }
}
