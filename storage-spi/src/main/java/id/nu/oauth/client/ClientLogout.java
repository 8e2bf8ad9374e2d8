package id.nu.oauth.client;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A client's logout registration (OpenID Connect RP-Initiated Logout 1.0 §3.1 and Back-Channel
 * Logout 1.0 §2.2).
 *
 * <pre>{@code
 * new ClientLogout(List.of("https://app.example/signed-out"), URI.create("https://app.example/backchannel"))
 * }</pre>
 *
 * @param postLogoutRedirectUris where the user may be sent after logout, matched exactly; the same
 *     rules as redirect URIs
 * @param backchannelLogoutUri where logout tokens are POSTed, or {@code null}: absolute, no fragment,
 *     {@code https} (plain {@code http} only on a loopback host)
 */
public record ClientLogout(List<String> postLogoutRedirectUris, URI backchannelLogoutUri) {

    /** No logout registration. */
    public static final ClientLogout NONE = new ClientLogout(List.of(), null);

    public ClientLogout {
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        for (String uri : postLogoutRedirectUris) {
            RedirectUris.validate("post_logout_redirect_uri", uri);
        }
        if (new LinkedHashSet<>(postLogoutRedirectUris).size() != postLogoutRedirectUris.size()) {
            throw new IllegalArgumentException("a post-logout redirect URI is listed twice");
        }
        if (backchannelLogoutUri != null) {
            String scheme = backchannelLogoutUri.getScheme() == null ? ""
                    : backchannelLogoutUri.getScheme().toLowerCase(Locale.ROOT);
            boolean https = scheme.equals("https");
            boolean loopbackHttp = scheme.equals("http") && Syntax.isLoopbackHost(backchannelLogoutUri.getHost());
            if (!backchannelLogoutUri.isAbsolute() || backchannelLogoutUri.getHost() == null
                    || backchannelLogoutUri.getRawFragment() != null || !(https || loopbackHttp)) {
                throw new IllegalArgumentException("backchannel_logout_uri must be an absolute https URL "
                        + "without fragment (http only on loopback): " + backchannelLogoutUri);
            }
        }
    }
}
