package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.DrbgParameters;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The randomness behind tokens, codes, grant ids and correlation ids: RFC 6749 §10.10 (the
 * probability of guessing a token ≤ 2^-128, values from a cryptographically strong source) and
 * RFC 9700 §4.x's reliance on unguessable codes and tokens. The source is the JDK's DRBG at 256-bit
 * strength, striped by thread so request threads do not queue on one lock.
 */
class SecureRandomsTest {

    @Test
    void everyStripeIsAJdkDrbgInstantiatedAt256BitStrength_rfc6749_10_10() {
        assertThat(SecureRandoms.stripes()).isGreaterThanOrEqualTo(2);
        assertThat(Integer.bitCount(SecureRandoms.stripes())).as("a power of two").isEqualTo(1);
        Set<SecureRandom> distinct = new HashSet<>();
        for (int i = 0; i < SecureRandoms.stripes(); i++) {
            SecureRandom random = SecureRandoms.stripe(i);
            distinct.add(random);
            assertThat(random.getAlgorithm()).isEqualTo("DRBG");
            assertThat(random.getParameters()).isInstanceOfSatisfying(DrbgParameters.Instantiation.class,
                    p -> assertThat(p.getStrength()).isEqualTo(256));
        }
        assertThat(distinct).as("one independent instance per stripe").hasSize(SecureRandoms.stripes());
    }

    @Test
    void stripesAreSeededIndependently() {
        Set<String> first = new HashSet<>();
        for (int i = 0; i < SecureRandoms.stripes(); i++) {
            byte[] bytes = new byte[32];
            SecureRandoms.stripe(i).nextBytes(bytes);
            first.add(Base64.getEncoder().encodeToString(bytes));
        }
        assertThat(first).hasSize(SecureRandoms.stripes());
    }

    @Test
    void tokensAre256RandomBitsInBase64urlAndNeverRepeatAcrossThreads_rfc6749_10_10() throws Exception {
        TokenGenerator generator = TokenGenerator.secureRandom();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int each = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    String token = generator.newToken();
                    assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]{43}");
                    seen.add(token);
                }
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertThat(seen).hasSize(threads * each);
        // every bit position takes both values (a stuck bit would cut the 256 bits)
        int[] ones = new int[256];
        for (String token : seen) {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            assertThat(bytes).hasSize(32);
            for (int bit = 0; bit < 256; bit++) {
                ones[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
            }
        }
        for (int bit = 0; bit < 256; bit++) {
            // 16,000 fair draws: 8,000 ± a few hundred; far from 0 and from all
            assertThat(ones[bit]).as("bit %d", bit).isBetween(7_000, 9_000);
        }
    }
}
