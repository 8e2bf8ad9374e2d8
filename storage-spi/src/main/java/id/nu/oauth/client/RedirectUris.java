package id.nu.oauth.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The registration rules of a redirect URI, one place for redirect and post-logout redirect URIs. */
final class RedirectUris {

    private RedirectUris() {
    }

    /**
     * Checks a URI to be registered: absolute, no fragment (RFC 6749 §3.1.2), {@code http} only on
     * loopback (RFC 9700 §2.6), never a script or data scheme.
     */
    static void validate(String what, String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a URI: " + uri);
        }
        if (!parsed.isAbsolute() || parsed.isOpaque() && parsed.getScheme().startsWith("http")) {
            throw new IllegalArgumentException(what + " must be absolute: " + uri);
        }
        if (parsed.getRawFragment() != null) {
            throw new IllegalArgumentException(what + " must not have a fragment (RFC 6749 §3.1.2): " + uri);
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !Syntax.isLoopbackHost(parsed.getHost())) {
            throw new IllegalArgumentException(what
                    + ": plain http is allowed only on loopback (RFC 9700 §2.6): " + uri);
        }
        if (scheme.equals("javascript") || scheme.equals("data") || scheme.equals("vbscript")) {
            throw new IllegalArgumentException(what + ": unsafe URI scheme: " + uri);
        }
    }
}
