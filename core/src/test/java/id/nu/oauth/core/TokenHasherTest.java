package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The one hash of codes and tokens (stores keep only these; RFC 6749 §10.3/§10.5 ask that tokens
 * and codes not be usable from storage, RFC 9700 §4.14 for refresh tokens): SHA-256 of the UTF-8
 * bytes, base64url. The digest is reused per thread, so a use must never see what the previous one
 * left: the same value hashes alike whatever was hashed before on that thread.
 */
class TokenHasherTest {

    private static String reference(byte[] bytes) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void asciiAndUnicodeValuesHashAsSha256OfTheirUtf8Bytes() throws Exception {
        for (String value : List.of("", "a", "dBjftJeZ4CVP-mJ92K9sbenchmarkverifier0123456789", "x".repeat(2048),
                "üser-42", "日本語のトークン", "emoji \uD83D\uDE00")) {
            assertThat(TokenHasher.hash(value)).as(value).isEqualTo(reference(value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aLoneSurrogateHashesApartFromEveryWellFormedValue() throws Exception {
        String broken = "abc\uD800";
        byte[] utf16 = broken.getBytes(StandardCharsets.UTF_16BE);
        byte[] marked = new byte[utf16.length + 1];
        marked[0] = (byte) 0xFF;
        System.arraycopy(utf16, 0, marked, 1, utf16.length);
        assertThat(TokenHasher.hash(broken)).isEqualTo(reference(marked))
                .isNotEqualTo(TokenHasher.hash("abc?")).isNotEqualTo(TokenHasher.hash("abc\uFFFD"));
        // the next value on this thread is hashed from a clean digest
        assertThat(TokenHasher.hash("abc")).isEqualTo(reference("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void valuesHashedInTurnOnOneThreadAndOnManyThreadsHashAsAlone() throws Exception {
        String expected = reference("token-value".getBytes(StandardCharsets.US_ASCII));
        TokenHasher.hash("something else first");
        TokenHasher.sha256("abc\uD800");
        assertThat(TokenHasher.hash("token-value")).isEqualTo(expected);

        AtomicReference<String> wrong = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    TokenHasher.hash("other-" + id + "-" + i);
                    if (!TokenHasher.hash("token-value").equals(expected)) {
                        wrong.set("thread " + id + " iteration " + i);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(wrong.get()).isNull();
    }
}
