package id.nu.oauth.examples.readme;

import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.AuthorizeRequest;
import id.nu.oauth.core.AuthorizeResult;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.ResourceAccess;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The README's "Embedding the engine" snippets, compiled as they are shown (ReadmeSnippetsTest checks the README). */
final class EmbeddingSnippets {

    private EmbeddingSnippets() {
    }

    static AuthorizationServer engine(String portalSecret, Map<String, List<String>> queryParameters,
            AuthenticatedUser currentUserOrNull, Map<String, List<String>> formParameters, String authorizationHeader,
            String bearerToken) {
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(InMemoryStorage.create())                      // or your own Storage implementation
                .client(Client.publicClient("mobile-app")               // PKCE S256, rotating refresh tokens
                        .name("NU Mobile").redirectUri("id.nu.app:/cb").scopes("profile").build())
                .client(Client.confidential("portal", SecretHash.of(portalSecret))
                        .redirectUri("https://portal.example.or.id/callback").build())
                .build();

        AuthorizeResult r = server.authorize(AuthorizeRequest.of(queryParameters, currentUserOrNull));
        if (r instanceof AuthorizeResult.Redirect x)              { /* 302 to x.location() */ }
        else if (r instanceof AuthorizeResult.FormPost x)          { /* 200: x.headers(), x.html() */ }
        else if (r instanceof AuthorizeResult.LoginRequired)      { /* send to your login page, then back */ }
        else if (r instanceof AuthorizeResult.ConsentRequired x)  { /* ask; repeat with .withConsent(APPROVED) */ }
        else if (r instanceof AuthorizeResult.ErrorPage x)        { /* 400 page; never a redirect */ }

        EndpointResponse t = server.token(new EndpointRequest(formParameters, authorizationHeader));
        // t.status(), t.headers(), t.body(): write them as they are

        AccessTokenValidation v = server.validateAccessToken(bearerToken);   // protect your own APIs
        return server;
    }

    static void http(AuthorizationServer server, String rawQuery, String contentType, String authorization,
            byte[] bodyBytes, AuthenticatedUser currentUserOrNull) {
        EndpointRequest http = EndpointRequest.builder("POST", "/oauth/token")
                .query(rawQuery).header("Content-Type", contentType).header("Authorization", authorization)
                .body(bodyBytes)                      // at most server.maxRequestBodyBytes() + 1 bytes
                .build();
        EndpointResponse answer = server.handle(http);                       // every path but /oauth/authorize
        AuthorizeResult page = server.authorize(AuthorizeRequest.of(http, currentUserOrNull)); // GET or POST
        ResourceAccess access = server.protectedResource(http, Set.of("profile"));             // your own APIs
    }
}
