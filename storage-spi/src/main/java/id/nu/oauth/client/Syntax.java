package id.nu.oauth.client;

/**
 * The character-level syntax rules of OAuth 2.0 that more than one module checks, each in one place:
 * the client model, the engine and the servlet adapter all call these methods.
 *
 * <pre>{@code
 * Syntax.isClientId("mobile-app");          // true: 1 to 255 VSCHAR (RFC 6749 Appendix A.1)
 * Syntax.isScopeToken("openid");            // true: RFC 6749 §3.3
 * Syntax.isLoopbackHost(uri.getHost());     // "localhost", "127.0.0.1" or "[::1]"
 * Syntax.isLoopbackIpLiteral(uri.getHost()); // "127.0.0.1" or "[::1]" only (RFC 8252 §7.3, §8.3)
 * }</pre>
 */
public final class Syntax {

    /** The longest {@code client_id} accepted. */
    public static final int MAX_CLIENT_ID_LENGTH = 255;

    private Syntax() {
    }

    /**
     * Whether every character is a VSCHAR, {@code %x20-7E} (RFC 6749 Appendix A): printable ASCII,
     * the space included. The empty string is all VSCHAR; callers that need at least one character
     * say so themselves.
     */
    public static boolean isVisibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is a {@code client_id} this library accepts: {@code *VSCHAR} (RFC 6749
     * Appendix A.1), at least one and at most {@value #MAX_CLIENT_ID_LENGTH} characters.
     * {@code null} is not.
     */
    public static boolean isClientId(String s) {
        return s != null && !s.isEmpty() && s.length() <= MAX_CLIENT_ID_LENGTH && isVisibleAscii(s);
    }

    /**
     * Whether {@code s} is one scope token, {@code 1*( %x21 / %x23-5B / %x5D-7E )} (RFC 6749 §3.3):
     * printable ASCII without space, {@code "} or {@code \}. {@code null} and the empty string are not.
     */
    public static boolean isScopeToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a URI's host (as {@link java.net.URI#getHost()} gives it, IPv6 in brackets) is a
     * loopback IP literal: exactly {@code 127.0.0.1} or {@code [::1]}. RFC 8252 §7.3 lets a native
     * app's loopback redirect URI change its port only for these, and §8.3 prefers them to
     * {@code localhost}, which a resolver or firewall may send elsewhere. Other spellings
     * ({@code 127.0.0.2}, {@code [0:0:0:0:0:0:0:1]}) are not matched; {@code null} is not.
     */
    public static boolean isLoopbackIpLiteral(String host) {
        return "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    /**
     * Whether a URI's host (as {@link java.net.URI#getHost()} gives it) is a loopback host where
     * plain {@code http} is tolerated for development and native apps (RFC 9700 §2.6, RFC 8252
     * §7.3): a {@linkplain #isLoopbackIpLiteral loopback IP literal} or exactly {@code localhost}
     * (lower case, as registered). {@code null} is not.
     */
    public static boolean isLoopbackHost(String host) {
        return isLoopbackIpLiteral(host) || "localhost".equals(host);
    }

    /**
     * Whether {@code s} is a resource indicator (RFC 8707 §2): an absolute URI without a fragment.
     * {@code null} is not.
     */
    public static boolean isResourceIndicator(String s) {
        if (s == null || s.isEmpty() || !isVisibleAscii(s) || s.indexOf(' ') >= 0) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(s);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
