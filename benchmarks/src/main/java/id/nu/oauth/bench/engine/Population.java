package id.nu.oauth.bench.engine;

import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Fills a store with live grants quickly, straight through the storage SPI (as the engine would
 * store them: a grant, its access token and its refresh token, hashed the engine's way), and keeps
 * the token values so that benchmarks can present them.
 */
public final class Population {

    private final String[] accessTokens;
    private final String[] refreshTokens;

    private Population(String[] accessTokens, String[] refreshTokens) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
    }

    /** {@code n} grants of {@link Engines#CLIENT_ID}, each with an access and a refresh token, valid for 2 h. */
    public static Population fill(Storage storage, int n, Instant now) {
        SplittableRandom random = new SplittableRandom(42);
        String[] access = new String[n];
        String[] refresh = new String[n];
        Set<String> scopes = Set.of("profile");
        Instant end = now.plus(Duration.ofHours(2));
        for (int i = 0; i < n; i++) {
            String grantId = randomValue(random);
            String subject = "user-" + i;
            access[i] = randomValue(random);
            refresh[i] = randomValue(random);
            storage.grants().create(new Grant(grantId, Engines.CLIENT_ID, subject, scopes, now, now, end, null),
                    List.of(Token.active(hash(access[i]), TokenKind.ACCESS, grantId, Engines.CLIENT_ID, subject,
                                    scopes, now, end, end),
                            Token.active(hash(refresh[i]), TokenKind.REFRESH, grantId, Engines.CLIENT_ID, subject,
                                    scopes, now, end, end)));
        }
        return new Population(access, refresh);
    }

    public int size() {
        return accessTokens.length;
    }

    public String access(int i) {
        return accessTokens[i];
    }

    public String refresh(int i) {
        return refreshTokens[i];
    }

    /** 256 bits, base64url: what {@code TokenGenerator.secureRandom()} makes, from a fast generator. */
    static String randomValue(SplittableRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The engine's token hash: SHA-256 of the UTF-8 bytes, base64url without padding. */
    static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
