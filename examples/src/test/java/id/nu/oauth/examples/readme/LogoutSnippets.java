package id.nu.oauth.examples.readme;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientLogout;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.LogoutRequest;
import id.nu.oauth.core.LogoutResult;
import id.nu.oauth.servlet.OAuthEndpoints;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** The README's logout snippets (Operations, Logout), compiled as they are shown. */
final class LogoutSnippets {

    private LogoutSnippets() {
    }

    static OAuthEndpoints logout(String secret, HttpServletRequest login, String subject, String randomLoginId) {
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .client(Client.confidential("web-app", SecretHash.of(secret)).redirectUri("https://app.example/cb")
                        .scopes("openid", "profile")
                        .logout(new ClientLogout(List.of("https://app.example/signed-out"),   // exact match
                                URI.create("https://app.example/backchannel-logout")))     // logout tokens
                        .build())
                .backChannelLogoutExecutor(Executors.newScheduledThreadPool(2))  // default: one daemon thread
                .backChannelLogoutTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .backChannelLogoutRetries(4, Duration.ofSeconds(1))               // 1 s, 2 s, 4 s apart
                .build();

        OAuthEndpoints endpoints = OAuthEndpoints.builder(server)
                .userResolver(request -> {
                    HttpSession s = request.getSession(false);
                    return s == null ? null : (AuthenticatedUser) s.getAttribute("user");
                })
                .logoutHandler((request, response, user) -> request.getSession().invalidate())  // the default
                .build();

        // at login: one random id per login session, the same on every request of it (the id_tokens' sid)
        AuthenticatedUser user = new AuthenticatedUser(subject, Instant.now()).withSessionId(randomLoginId);
        login.getSession(true).setAttribute("user", user);
        return endpoints;
    }

    static void portalSignOut(AuthorizationServer server, AuthenticatedUser user) {
        // the portal's own sign-out button (CSRF-checked): end the session at the engine too
        LogoutResult result = server.endSession(LogoutRequest.of(Map.of(), user).confirmed());
    }
}
