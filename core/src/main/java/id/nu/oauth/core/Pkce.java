package id.nu.oauth.core;

import java.security.MessageDigest;
import java.util.Base64;

/** PKCE (RFC 7636): the challenge format, the verifier format and the check between them. */
final class Pkce {

    static final String S256 = "S256";
    static final String PLAIN = "plain";

    private Pkce() {
    }

    /**
     * Whether a challenge or verifier has the RFC 7636 §4.1 form: 43 to 128 characters of
     * {@code [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"}.
     */
    static boolean wellFormed(String value) {
        if (value == null || value.length() < 43 || value.length() > 128) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean unreserved = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!unreserved) {
                return false;
            }
        }
        return true;
    }

    /** An S256 challenge is BASE64URL(SHA256(verifier)): exactly 43 characters (RFC 7636 §4.2). */
    static boolean wellFormedChallenge(String method, String challenge) {
        return wellFormed(challenge) && (!S256.equals(method) || challenge.length() == 43);
    }

    /** RFC 7636 §4.6: does the verifier answer the challenge? Constant-time comparison. */
    static boolean verify(String method, String challenge, String verifier) {
        String computed = switch (method) {
            case S256 -> Base64.getUrlEncoder().withoutPadding().encodeToString(TokenHasher.sha256(verifier));
            case PLAIN -> verifier;
            default -> null;
        };
        return computed != null && MessageDigest.isEqual(
                computed.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                challenge.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
