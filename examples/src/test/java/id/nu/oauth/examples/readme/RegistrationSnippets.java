package id.nu.oauth.examples.readme;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.DynamicRegistration;
import java.net.URI;

/** The README's "Dynamic client registration" snippet, compiled as it is shown. */
final class RegistrationSnippets {

    private RegistrationSnippets() {
    }

    static AuthorizationServer server() {
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .dynamicRegistration(DynamicRegistration.initialAccessTokens(System.getenv("NUID_DCR_TOKEN"))
                        .scopes("openid", "profile", "email"))          // the most a registered client may have
                .build();
        return server;
    }
}
