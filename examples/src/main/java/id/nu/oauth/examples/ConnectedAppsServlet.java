package id.nu.oauth.examples;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.UserGrant;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeSet;

/**
 * "Connected apps" ({@code GET /account/apps}): the apps the signed-in user has authorized, with the
 * scopes each holds and when it was first and last used, and a button to revoke each one (its tokens
 * stop working at once and it must ask again) or all of them ("sign out of every app"). Every
 * revocation is a POST carrying the session's anti-CSRF token (else 403), answered 303 back to the
 * page; the grant id in the form is checked against the signed-in user by the engine.
 *
 * <pre>{@code
 * context.addServlet("apps", new ConnectedAppsServlet(server, users)).addMapping(ConnectedAppsServlet.PATH);
 * }</pre>
 */
final class ConnectedAppsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String PATH = "/account/apps";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final transient AuthorizationServer server;
    private final transient UserDirectory users;

    ConnectedAppsServlet(AuthorizationServer server, UserDirectory users) {
        this.server = server;
        this.users = users;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Sessions.SignedIn user = Sessions.signedIn(request);
        if (user == null) {
            response.sendRedirect("/login?" + LoginServlet.RETURN + "=" + URLEncoder.encode(PATH, StandardCharsets.UTF_8));
            return;
        }
        List<UserGrant> apps = server.userGrants(user.subject());
        StringBuilder body = new StringBuilder("<h1>Connected apps</h1><div class=\"card\">");
        String notice = request.getParameter("revoked");
        if ("1".equals(notice)) {
            body.append("<p role=\"status\" id=\"notice\">Access revoked. The app must ask you again.</p>");
        } else if ("all".equals(notice)) {
            body.append("<p role=\"status\" id=\"notice\">You are signed out of every app.</p>");
        }
        if (apps.isEmpty()) {
            body.append("<p id=\"no-apps\">No app can use your account.</p></div>");
        } else {
            body.append("<p class=\"muted\">These apps can use your account until you revoke them.</p>"
                    + "<table id=\"apps\"><thead><tr><th>App</th><th>Access</th><th>Authorized</th>"
                    + "<th>Last used</th><th></th></tr></thead><tbody>");
            for (UserGrant app : apps) {
                body.append("<tr><td>").append(Html.escape(app.clientName())).append("</td><td>")
                        .append(Html.escape(String.join(" ", new TreeSet<>(app.scopes())))).append("</td><td>")
                        .append(WHEN.format(app.firstUsed())).append("</td><td>")
                        .append(WHEN.format(app.lastUsed())).append("</td><td>")
                        .append("<form method=\"post\" action=\"").append(PATH).append("\">")
                        .append(Sessions.csrfField(request)).append(Html.hidden("grant", app.grantId()))
                        .append("<button type=\"submit\" class=\"secondary\" aria-label=\"Revoke ")
                        .append(Html.escape(app.clientName())).append("\">Revoke</button></form></td></tr>");
            }
            body.append("</tbody></table><form method=\"post\" action=\"").append(PATH).append("\">")
                    .append(Sessions.csrfField(request)).append(Html.hidden("all", "1"))
                    .append("<div class=\"actions\"><button type=\"submit\" id=\"revoke-all\">Sign out of every app"
                            + "</button></div></form></div>");
        }
        Html.send(response, 200, "Connected apps", LoginServlet.topBar(request, users), body.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        Sessions.SignedIn user = Sessions.signedIn(request);
        if (user == null || !Sessions.csrfValid(request)) {
            Html.send(response, 403, "Connected apps", LoginServlet.topBar(request, users),
                    "<h1>Connected apps</h1><p class=\"error\" role=\"alert\">This form expired or was not sent "
                            + "from this site.</p><p><a href=\"" + PATH + "\">Back to your connected apps</a></p>");
            return;
        }
        String notice;
        if ("1".equals(request.getParameter("all"))) {
            server.revokeAllForUser(user.subject());
            notice = "all";
        } else {
            String grant = request.getParameter("grant");
            if (grant != null && !grant.isEmpty()) {
                server.revokeUserGrant(user.subject(), grant); // refuses another user's grant
            }
            notice = "1";
        }
        response.setStatus(303);
        response.setHeader("Location", PATH + "?revoked=" + notice);
    }
}
