package id.nu.oauth.spring.boot;

import id.nu.oauth.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store's health: one read by primary key of a token that does not exist, which reaches the
 * database (and its tables) for the JDBC store. Shared by the health indicators of each Boot line.
 */
final class StorageProbe {

    private static final String PROBE_HASH = probeHash();

    private StorageProbe() {
    }

    /** The details of a healthy store; throws what the store throws when it is not. */
    static Map<String, Object> check(Storage storage) {
        long start = System.nanoTime();
        storage.tokens().find(PROBE_HASH);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", storage.getClass().getSimpleName());
        details.put("latencyMillis", (System.nanoTime() - start) / 1_000_000);
        return details;
    }

    private static String probeHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest("nuid-oauth health probe: no such token".getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
