package id.nu.oauth.servlet;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientLogout;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.InMemorySigningKeys;
import id.nu.oauth.core.SigningAlgorithm;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A host portal for OpenID Connect logout over HTTP: a login page that names each login with a
 * random session id, a logout hook that records who it ended and invalidates the session, and a
 * relying party's back-channel endpoint in the same container (loopback http) that records the
 * logout tokens it is POSTed.
 */
final class LogoutPortal {

    static final String RP = "logout-rp";
    static final String RP_SECRET = SecretHash.generateSecret();
    static final String RP_REDIRECT = "https://rp.example.or.id/cb";
    static final String RP_SIGNED_OUT = "https://rp.example.or.id/signed-out";

    final URI issuer;
    final AuthorizationServer server;
    final OAuthEndpoints endpoints;
    /** The users the host's logout hook ended, in order. */
    final List<AuthenticatedUser> ended = new CopyOnWriteArrayList<>();
    /** The logout tokens the relying party's back channel received. */
    final BlockingQueue<String> logoutTokens = new LinkedBlockingQueue<>();

    LogoutPortal(URI issuer, URI origin, String contextPath) {
        this.issuer = issuer;
        server = AuthorizationServer.builder()
                .issuer(issuer)
                .signingKeys(InMemorySigningKeys.generate(SigningAlgorithm.RS256))
                .backChannelLogoutRetries(3, Duration.ofMillis(100))
                .client(Client.confidential(RP, SecretHash.of(RP_SECRET)).name("Logout RP").redirectUri(RP_REDIRECT)
                        .scopes("openid", "profile").firstParty(true)
                        .logout(new ClientLogout(List.of(RP_SIGNED_OUT),
                                URI.create(origin + contextPath + "/rp/backchannel")))
                        .build())
                .build();
        endpoints = OAuthEndpoints.builder(server)
                .basePath("/api")
                .userResolver(request -> {
                    HttpSession session = request.getSession(false);
                    return session == null ? null : (AuthenticatedUser) session.getAttribute("user");
                })
                .loginPage("/login")
                .logoutHandler((request, response, user) -> {
                    ended.add(user);
                    LogoutHandler.INVALIDATE_SESSION.endSession(request, response, user);
                })
                .build();
    }

    TestContainer.Mount mount() {
        return TestContainer.Mount.app(context -> {
            endpoints.register(context);
            context.addServlet("login", new LoginServlet()).addMapping("/login");
            context.addServlet("backchannel", new BackChannel()).addMapping("/rp/backchannel");
        });
    }

    /** POST user=... logs in with a fresh login id (the sid clients see). */
    static final class LoginServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            HttpSession session = request.getSession(true);
            session.setAttribute("user", new AuthenticatedUser(request.getParameter("user"), Instant.now())
                    .withSessionId("login-" + UUID.randomUUID()));
            request.changeSessionId();
            response.setStatus(204);
        }
    }

    /** The relying party's back-channel logout endpoint (Back-Channel Logout 1.0 §2.5, §2.8). */
    final class BackChannel extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            String token = request.getParameter("logout_token");
            if (token == null) {
                response.setStatus(400);
                return;
            }
            logoutTokens.add(token);
            response.setHeader("Cache-Control", "no-store");
            response.setStatus(200);
        }
    }
}
