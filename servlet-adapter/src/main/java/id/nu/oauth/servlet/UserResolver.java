package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthenticatedUser;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells the adapter who is logged in to the host portal. The host owns login; the adapter only
 * asks. Called on every authorize request and on the consent form's POST.
 *
 * <pre>{@code
 * UserResolver fromSession = request -> {
 *     HttpSession session = request.getSession(false);
 *     return session == null ? null : (AuthenticatedUser) session.getAttribute("user");
 * };
 * }</pre>
 */
@FunctionalInterface
public interface UserResolver {

    /**
     * The user logged in for this request.
     *
     * @param request the current request; do not read its body or its parameters
     * @return the user, or {@code null} when nobody is logged in
     */
    AuthenticatedUser currentUser(HttpServletRequest request);
}
