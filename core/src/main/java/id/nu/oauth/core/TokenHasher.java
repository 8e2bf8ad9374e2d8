package id.nu.oauth.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one way codes and tokens are turned into the hashes stores keep: SHA-256 of the UTF-8 bytes,
 * base64url. Never {@code getBytes} with a replacing encoder: US-ASCII folds every other character
 * (and UTF-8 a lone surrogate) into {@code ?}, so two different presented values could hash alike.
 * For the ASCII values the engine issues, the bytes are the ASCII bytes (RFC 7636 §4.2's
 * ASCII(code_verifier) included).
 */
final class TokenHasher {

    private TokenHasher() {
    }

    /** A SHA-256 digest to clone when a thread has none yet: cheaper than a provider lookup. */
    private static final MessageDigest PROTOTYPE = newDigest();

    /**
     * One digest per thread, reset before each use: a token request hashes two to four values, and
     * a clone per hash allocated the digest's state (~400 bytes) each time.
     */
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(TokenHasher::cloned);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    static String hash(String value) {
        return BASE64URL.encodeToString(sha256(value));
    }

    static byte[] sha256(String value) {
        MessageDigest digest = digest();
        byte[] ascii = asciiBytes(value);
        if (ascii != null) {
            // the values the engine issues are ASCII, whose UTF-8 bytes are the chars themselves
            return digest.digest(ascii);
        }
        try {
            ByteBuffer utf8 = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            digest.update(utf8);
        } catch (CharacterCodingException notUnicode) {
            // Not well-formed UTF-16 (a lone surrogate): no issued value looks like this. Hash the
            // raw chars behind a 0xFF byte, which never occurs in UTF-8, so it matches nothing else.
            digest.update((byte) 0xFF);
            digest.update(value.getBytes(StandardCharsets.UTF_16BE));
        }
        return digest.digest();
    }

    /** SHA-256 of the given bytes (this thread's digest: no provider lookup, no allocation but the result). */
    static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    /** The bytes of an all-ASCII string, or {@code null} if it has any other character. */
    private static byte[] asciiBytes(String value) {
        int n = value.length();
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    /** This thread's digest, reset (so a use that ended in an exception leaves nothing behind). */
    private static MessageDigest digest() {
        MessageDigest digest = DIGESTS.get();
        digest.reset();
        return digest;
    }

    private static MessageDigest cloned() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newDigest();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
