package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthenticatedUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The host's hook at logout (OpenID Connect RP-Initiated Logout 1.0): called once the engine has
 * ended the user's login session at the authorization server (grants revoked, clients told through
 * the back channel), so the host ends its own portal session too, before the browser is sent back
 * to the client or shown the "signed out" page. The default invalidates the HTTP session.
 *
 * <pre>{@code
 * OAuthEndpoints.builder(server).userResolver(resolver)
 *         .logoutHandler((request, response, user) -> portalSessions.end(request, response))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface LogoutHandler {

    /** Invalidates the request's HTTP session, if it has one. */
    LogoutHandler INVALIDATE_SESSION = (request, response, user) -> {
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    };

    /**
     * Ends the host's session of {@code user}: forget the login, clear its cookies. Do not write a
     * body; the adapter writes the answer afterwards.
     *
     * @param request the logout request
     * @param response its response, for cookies
     * @param user the user whose session ended, as {@link UserResolver} gave it
     */
    void endSession(HttpServletRequest request, HttpServletResponse response, AuthenticatedUser user);
}
