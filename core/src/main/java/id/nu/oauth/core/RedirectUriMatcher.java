package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.client.Syntax;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Matches a requested {@code redirect_uri} against a client's registered ones: exact string
 * comparison (RFC 9700 §4.1.3, OAuth 2.1 §2.3.1), with one exception for native apps: for an
 * {@code http} loopback IP literal the port may differ (RFC 8252 §7.3), because they listen on a
 * port the operating system picks. Native apps are public clients (RFC 8252 §8.4), so the exception
 * is for public and legacy public clients only; a confidential client is a server with a port of
 * its own and matches exactly.
 */
final class RedirectUriMatcher {

    private RedirectUriMatcher() {
    }

    /**
     * The redirect URI to use for this client, or {@code null} when none may be used: the requested
     * one if it is registered, or the only registered one when none was requested (RFC 6749
     * §3.1.2.3); any loopback port only for public and legacy public clients (RFC 8252 §7.3).
     */
    static String resolve(Client client, String requested) {
        return resolve(client.redirectUris(), requested, client.type() != ClientType.CONFIDENTIAL);
    }

    /** {@link #resolve(Client, String)} on registered URIs, with or without the loopback port exception. */
    static String resolve(List<String> registered, String requested, boolean anyLoopbackPort) {
        if (requested == null) {
            return registered.size() == 1 ? registered.get(0) : null;
        }
        for (String candidate : registered) {
            if (candidate.equals(requested) || anyLoopbackPort && loopbackMatch(candidate, requested)) {
                return requested;
            }
        }
        return null;
    }

    private static boolean loopbackMatch(String registered, String requested) {
        if (!registered.startsWith("http://")) {
            return false;
        }
        try {
            URI reg = new URI(registered);
            URI req = new URI(requested);
            return Syntax.isLoopbackIpLiteral(reg.getHost())
                    && "http".equals(req.getScheme())
                    && reg.getHost() != null && reg.getHost().equals(req.getHost())
                    && req.getRawUserInfo() == null
                    && req.getRawFragment() == null
                    && equal(reg.getRawPath(), req.getRawPath())
                    && equal(reg.getRawQuery(), req.getRawQuery())
                    && withoutPort(reg).equals(withoutPort(req));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String withoutPort(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return uri.getScheme() + "://" + uri.getHost() + path + query;
    }

    private static boolean equal(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
