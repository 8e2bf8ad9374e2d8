package id.nu.oauth.core;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces (RFC 9449 §8): stateless, so every node that shares the secret
 * accepts every other node's nonces. A nonce is the current time slot and an HMAC-SHA256 (JDK) of
 * it under the secret, cut to 128 bits; it rotates every {@link #PERIOD}, and the nonce of the
 * previous slot is still accepted so that a client never races a rotation.
 */
final class DpopNonces {

    static final Duration PERIOD = Duration.ofMinutes(5);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();
    private static final byte[] LABEL = "nuid-oauth dpop nonce".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final Clock clock;

    DpopNonces(byte[] secret, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the DPoP nonce secret is at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** The nonce to hand out now. */
    String current() {
        return nonce(slot());
    }

    /** Whether {@code nonce} is this slot's or the previous one's. */
    boolean valid(String nonce) {
        if (nonce == null || nonce.length() != 32) {
            return false;
        }
        long slot = slot();
        byte[] presented;
        try {
            presented = D64.decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(presented, D64.decode(nonce(slot)))
                || MessageDigest.isEqual(presented, D64.decode(nonce(slot - 1)));
    }

    private long slot() {
        return clock.instant().getEpochSecond() / PERIOD.toSeconds();
    }

    /** 8 bytes of slot and 16 of MAC: 24 bytes, 32 base64url characters. */
    private String nonce(long slot) {
        byte[] slotBytes = ByteBuffer.allocate(8).putLong(slot).array();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(LABEL);
            byte[] tag = mac.doFinal(slotBytes);
            return B64.encodeToString(ByteBuffer.allocate(24).put(slotBytes).put(tag, 0, 16).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
