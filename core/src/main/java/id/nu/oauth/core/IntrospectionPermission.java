package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;

/**
 * Who may learn about a token at the introspection endpoint (RFC 7662 §4: the server decides, and
 * must not become an oracle for tokens the caller has no business with). The one place for the
 * rule:
 *
 * <ul>
 * <li>a client may introspect the tokens issued to it, access and refresh;</li>
 * <li>a client registered as a {@linkplain Client#resourceServer() resource server} may also
 *     introspect access tokens issued to other clients: those are presented to it as bearer tokens
 *     (RFC 6750), and it must know whether to honour them;</li>
 * <li>nobody else learns anything: a refresh token is a credential between one client and the
 *     server, and is never presented to a resource server (RFC 6749 §1.5).</li>
 * </ul>
 *
 * A caller that may not introspect a token is answered as for an unknown one,
 * {@code {"active":false}}, so the answer does not tell a foreign token from a missing one.
 */
final class IntrospectionPermission {

    private IntrospectionPermission() {
    }

    /** Whether {@code caller}, an authenticated confidential client, may learn about {@code token}. */
    static boolean allows(Client caller, Token token) {
        if (caller.clientId().equals(token.clientId())) {
            return true;
        }
        return caller.resourceServer() && token.kind() == TokenKind.ACCESS;
    }
}
