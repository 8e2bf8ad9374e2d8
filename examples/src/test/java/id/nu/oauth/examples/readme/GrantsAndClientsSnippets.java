package id.nu.oauth.examples.readme;

import id.nu.oauth.client.Client;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.ClientManagement;
import id.nu.oauth.core.Page;
import id.nu.oauth.core.UserGrant;
import java.time.Duration;
import java.util.List;

/** The README's "Operations" snippets (grants and clients), compiled as they are shown. */
final class GrantsAndClientsSnippets {

    private GrantsAndClientsSnippets() {
    }

    static void userGrants(AuthorizationServer server, String subject, String grantIdFromTheForm) {
        List<UserGrant> apps = server.userGrants(subject);                 // name, scopes, first and last use
        server.revokeUserGrant(subject, grantIdFromTheForm);             // false if it is not this user's grant
        server.revokeAllForUser(subject);                                // "sign out of every app": grants and consents
    }

    static void clients(AuthorizationServer server) {
        ClientManagement clients = server.clientManagement();
        Page<Client> page = clients.list(null, 50);                      // by client id; page.next() for the next page
        clients.disable("compromised-app");                              // its tokens stop at once, on every node
        String secret = clients.rotateSecret("portal", Duration.ofHours(24)); // the old one works 24 h more
        clients.delete("retired-app");                                   // with its grants, tokens, codes and consents
    }

    static Client grace() {
        Client mobile = Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb")
                .refreshGrace(Duration.ofSeconds(10), 2)                  // off unless set
                .build();
        return mobile;
    }
}
