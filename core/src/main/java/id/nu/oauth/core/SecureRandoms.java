package id.nu.oauth.core;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The engine's CSPRNG for tokens, codes, grant ids and correlation ids: a few independent
 * {@code SecureRandom} instances of the JDK's {@code DRBG} (NIST SP 800-90A Hash_DRBG, SHA-256,
 * instantiated at 256-bit security strength and seeded by the JDK from the system's entropy), one
 * picked by the calling thread.
 *
 * <p>Why not one {@code new SecureRandom()}: on Linux that is {@code NativePRNG}, whose
 * {@code nextBytes} goes through one lock for the whole JVM and reads {@code /dev/urandom} (a system
 * call per draw, mixed with a SHA1PRNG); with several request threads they queue on that lock. A
 * DRBG instance draws in-process, and threads spread over the stripes rarely meet on one
 * (each instance is thread-safe, so two threads on one stripe only wait for each other).
 */
final class SecureRandoms {

    /** A power of two, at least twice the processors, at most 64. */
    private static final int STRIPES = Math.min(64,
            Integer.highestOneBit(Math.max(2, Runtime.getRuntime().availableProcessors()) * 2 - 1) << 1);

    private static final SecureRandom[] RANDOMS = new SecureRandom[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            RANDOMS[i] = newInstance();
        }
    }

    private SecureRandoms() {
    }

    /** Fills {@code bytes} from the calling thread's instance. */
    static void nextBytes(byte[] bytes) {
        RANDOMS[(int) Thread.currentThread().getId() & (STRIPES - 1)].nextBytes(bytes);
    }

    /** How many instances there are (for tests). */
    static int stripes() {
        return STRIPES;
    }

    /** The instance of stripe {@code i} (for tests). */
    static SecureRandom stripe(int i) {
        return RANDOMS[i];
    }

    /**
     * A DRBG at 256-bit strength, no prediction resistance (each draw is not reseeded from the
     * system: SP 800-90A's generate without reseed, as NativePRNG's SHA1PRNG half and every TLS
     * stack do); the platform's default {@code SecureRandom} if the provider has no DRBG.
     */
    static SecureRandom newInstance() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException | IllegalArgumentException unavailable) {
            return new SecureRandom();
        }
    }
}
