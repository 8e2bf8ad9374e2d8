package id.nu.oauth.examples;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.LogoutRequest;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.servlet.ReturnUrls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The portal's own login page ({@code GET/POST /login}) and logout ({@code POST /logout}). The
 * servlet adapter sends the browser here with {@code ?return=<the authorize request>} when nobody is
 * signed in; after a good password the browser goes back there.
 *
 * <ul>
 * <li>{@code return} must pass {@link ReturnUrls#isSafe} (a path on this site), else the page
 *     refuses with 400 and never redirects: no open redirect (RFC 9700 §4.11).</li>
 * <li>The form carries the session's anti-CSRF token; a POST without it is refused with 403, so
 *     another site cannot sign a visitor in to an account of its choosing (login CSRF).</li>
 * <li>Signing in changes the session id (no session fixation). Passwords are PBKDF2 hashes,
 *     compared in constant time; the message never says which of username or password was wrong.</li>
 * </ul>
 *
 * <pre>{@code
 * context.addServlet("login", new LoginServlet(users, server)).addMapping("/login", "/logout");
 * }</pre>
 */
final class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String RETURN = "return";

    private final transient UserDirectory users;
    private final transient AuthorizationServer server;

    LoginServlet(UserDirectory users) {
        this(users, null);
    }

    /**
     * @param server the portal's authorization server: signing out of the portal also ends the
     *     user's login session there (its grants revoked, its clients told through the back channel),
     *     or {@code null} to leave it alone
     */
    LoginServlet(UserDirectory users, AuthorizationServer server) {
        this.users = users;
        this.server = server;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/login".equals(request.getServletPath())) {
            response.setHeader("Allow", "POST");
            Html.send(response, 405, "Sign out", topBar(request, users),
                    "<h1>Sign out</h1><p>Use the <strong>Sign out</strong> button at the top of the page.</p>");
            return;
        }
        String returnUrl = emptyToNull(request.getParameter(RETURN));
        if (returnUrl != null && !ReturnUrls.isSafe(returnUrl)) {
            refuseReturn(request, response);
            return;
        }
        boolean reauthenticate = "1".equals(request.getParameter(OAuthEndpoints.REAUTH_PARAMETER));
        if (Sessions.signedIn(request) != null && returnUrl != null && !reauthenticate) {
            response.sendRedirect(returnUrl); // already signed in: carry on (unless prompt=login or max_age asks again)
            return;
        }
        form(request, response, 200, returnUrl, "", null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        if ("/logout".equals(request.getServletPath())) {
            logout(request, response);
            return;
        }
        String returnUrl = emptyToNull(request.getParameter(RETURN));
        if (returnUrl != null && !ReturnUrls.isSafe(returnUrl)) {
            refuseReturn(request, response);
            return;
        }
        String username = request.getParameter("username");
        if (!Sessions.csrfValid(request)) {
            form(request, response, 403, returnUrl, username,
                    "This form expired or was not sent from this site. Please sign in again.");
            return;
        }
        String password = request.getParameter("password");
        Optional<DemoUser> user = users.authenticate(username, password == null ? null : password.toCharArray());
        if (user.isEmpty()) {
            form(request, response, 401, returnUrl, username, "Wrong username or password.");
            return;
        }
        Sessions.signIn(request, user.get());
        response.setStatus(303);
        response.setHeader("Location", returnUrl != null ? returnUrl : "/");
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (Sessions.signedIn(request) != null && !Sessions.csrfValid(request)) {
            Html.send(response, 403, "Sign out", topBar(request, users),
                    "<h1>Sign out</h1><p class=\"error\" role=\"alert\">This form expired or was not sent from "
                            + "this site.</p><p>Use the <strong>Sign out</strong> button at the top of the page.</p>");
            return;
        }
        AuthenticatedUser user = Sessions.currentUser(request);
        if (server != null && user != null) {
            // the portal's own, CSRF-checked sign-out button is the user's confirmation (RP-Initiated
            // Logout 1.0 §2): the engine revokes the session's grants and sends the logout tokens
            server.endSession(LogoutRequest.of(Map.of(), user).confirmed());
        }
        Sessions.signOut(request);
        response.setStatus(303);
        response.setHeader("Location", "/");
    }

    private void form(HttpServletRequest request, HttpServletResponse response, int status, String returnUrl,
            String username, String error) throws IOException {
        StringBuilder body = new StringBuilder();
        body.append("<div class=\"card narrow\"><h1>Sign in</h1>");
        if (error != null) {
            body.append("<p class=\"error\" role=\"alert\" id=\"login-error\">").append(Html.escape(error)).append("</p>");
        }
        if (returnUrl != null && returnUrl.contains("/oauth/authorize")) {
            body.append("<p class=\"muted\">An application asked to use your account. Sign in to continue.</p>");
        }
        body.append("<form method=\"post\" action=\"/login\">")
                .append(Sessions.csrfField(request));
        if (returnUrl != null) {
            body.append(Html.hidden(RETURN, returnUrl));
        }
        String describedBy = error != null ? " aria-describedby=\"login-error\"" : "";
        body.append("<label for=\"username\">Username</label>")
                .append("<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required"
                        + " autocapitalize=\"none\" spellcheck=\"false\"")
                .append(describedBy)
                .append(username == null || username.isEmpty() ? " autofocus" : "")
                .append(" value=\"").append(Html.escape(username)).append("\">")
                .append("<label for=\"password\">Password</label>")
                .append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\""
                        + " required")
                .append(describedBy)
                .append(username == null || username.isEmpty() ? "" : " autofocus")
                .append(">")
                .append("<div class=\"actions\"><button type=\"submit\">Sign in</button></div></form></div>");
        Html.send(response, status, "Sign in", topBar(request, users), body.toString());
    }

    private void refuseReturn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Html.send(response, 400, "Sign-in link refused", topBar(request, users),
                "<div class=\"card narrow\"><h1>This sign-in link is not valid</h1>"
                        + "<p class=\"error\" role=\"alert\">It would send you to another site after signing in, "
                        + "so it was refused.</p><p><a href=\"/login\">Sign in to the portal</a></p></div>");
    }

    /** The right side of the top bar: who is signed in and a sign-out button, or a sign-in link. */
    static String topBar(HttpServletRequest request, UserDirectory users) {
        Sessions.SignedIn signedIn = Sessions.signedIn(request);
        if (signedIn == null) {
            return "<a href=\"/login\">Sign in</a>";
        }
        String name = users.bySubject(signedIn.subject()).map(DemoUser::displayName).orElse(signedIn.subject());
        return "<span>Signed in as <strong>" + Html.escape(name) + "</strong></span>"
                + "<form method=\"post\" action=\"/logout\">" + Sessions.csrfField(request)
                + "<button type=\"submit\" class=\"secondary\">Sign out</button></form>";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
