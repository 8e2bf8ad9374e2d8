package id.nu.oauth.examples;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.TreeSet;

/**
 * The portal's front page: who is signed in, where the demo client and the API are, and which
 * clients are registered (so the demo also serves as a quick-start authorization server).
 *
 * <pre>{@code
 * context.addServlet("home", new HomeServlet(portal)).addMapping("");
 * }</pre>
 */
final class HomeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient DemoPortal portal;

    HomeServlet(DemoPortal portal) {
        this.portal = portal;
    }

    /** One endpoint of the list; {@code noteHtml} is already HTML. */
    private static String endpoint(String methods, String url, String noteHtml) {
        return "<dt>" + methods + "</dt><dd><code>" + Html.escape(url) + "</code> " + noteHtml + "</dd>";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String api = portal.origin() + portal.basePath();
        StringBuilder body = new StringBuilder();
        body.append("<h1>NU.ID authorization server demo</h1>")
                .append("<p>This portal runs the nuid-oauth library through its servlet adapter, in embedded ")
                .append(Html.escape(portal.containerName())).append(".</p>");
        body.append("<div class=\"card\"><h2>Try it</h2><p>Open the <a href=\"").append(DemoClientServlet.PATH)
                .append("/\">demo client</a>: it signs in with NU.ID and shows every request and response.</p>");
        body.append("<p>The <a id=\"strong-client\" href=\"").append(StrongClientServlet.PATH)
                .append("/\">strong demo client</a> walks DPoP, pushed authorization requests and private_key_jwt "
                        + "step by step.</p>");
        if (Sessions.signedIn(request) == null) {
            body.append("<p>You are not signed in. <a href=\"/login\">Sign in</a>");
            if (portal.config().source().equals(DemoPortal.BUILT_IN_SOURCE)) {
                body.append(" as <code>").append(DemoPortal.DEMO_USERNAME).append("</code> with the password <code>")
                        .append(DemoPortal.DEMO_PASSWORD).append("</code>");
            }
            body.append(".</p>");
        } else {
            body.append("<p>See and revoke the <a id=\"connected-apps\" href=\"").append(ConnectedAppsServlet.PATH)
                    .append("\">apps connected to your account</a>.</p>");
        }
        body.append("</div>");
        String base = portal.basePath();
        body.append("<div class=\"card\"><h2>The API</h2><p class=\"muted\">The four NU.ID endpoints, then "
                        + "OpenID Connect and the standard extras.</p><dl>")
                .append(endpoint("GET", api + "/oauth/authorize", "RFC 6749 §4.1.1, OpenID Connect Core §3.1.2"))
                .append(endpoint("POST", api + "/oauth/token", "RFC 6749 §4.1.3; an <code>id_token</code> too "
                        + "when <code>openid</code> was granted"))
                .append(endpoint("POST", api + "/oauth/refreshAccessToken", "NU.ID"))
                .append(endpoint("POST", api + "/oauth/revoke", "RFC 7009"))
                .append(endpoint("GET, POST", api + "/oauth/userinfo", "OpenID Connect Core §5.3: the user&#39;s "
                        + "claims for a bearer token with <code>openid</code>, as far as its scopes allow"))
                .append(endpoint("POST", api + "/oauth/introspect", "RFC 7662, for confidential clients"))
                .append(endpoint("GET", api + "/oauth/jwks", "RFC 7517: the public keys that verify id_tokens "
                        + "and JWT access tokens"))
                .append("<dt>GET</dt><dd><a id=\"discovery\" href=\"").append(Html.escape(base))
                .append("/.well-known/openid-configuration\"><code>").append(Html.escape(api))
                .append("/.well-known/openid-configuration</code></a> (OpenID Connect Discovery 1.0: every "
                        + "endpoint, scope and algorithm)</dd>")
                .append("<dt>GET</dt><dd><a href=\"").append(Html.escape(base))
                .append("/.well-known/oauth-authorization-server\"><code>").append(Html.escape(api))
                .append("/.well-known/oauth-authorization-server</code></a> (RFC 8414 metadata")
                .append(portal.rfc8414Path() == null ? "" : "; also at <a href=\"" + Html.escape(portal.rfc8414Path())
                        + "\"><code>" + Html.escape(portal.rfc8414Path()) + "</code></a>, where RFC 8414 §3.1 puts it")
                .append(")</dd>")
                .append("<dt>GET</dt><dd><code>").append(Html.escape(portal.origin() + ResourceServlet.PATH))
                .append("</code> (the portal&#39;s own API; needs a bearer token with the <code>")
                .append(ResourceServlet.REQUIRED_SCOPE).append("</code> scope)</dd>")
                .append("<dt>Issuer</dt><dd><code>").append(Html.escape(portal.issuer().toString()))
                .append("</code> (the <code>iss</code> of every answer, RFC 9207)</dd>")
                .append("<dt>Storage</dt><dd>").append(Html.escape(portal.storage().spec().describe()))
                .append(portal.storage().persistent() ? " (tokens survive a restart; sign-in sessions do not)"
                        : " (forgotten when the demo stops)")
                .append("</dd></dl></div>");
        body.append("<div class=\"card\"><h2>Registered clients</h2><p class=\"muted\">From the ")
                .append(Html.escape(portal.config().source())).append(".</p><dl>");
        for (DemoConfig.ConfiguredClient c : portal.config().clients()) {
            Client client = c.client();
            body.append("<dt><code>").append(Html.escape(client.clientId())).append("</code></dt><dd>")
                    .append(Html.escape(client.type() == ClientType.LEGACY_PUBLIC ? "legacy public"
                            : client.type().name().toLowerCase(java.util.Locale.ROOT)))
                    .append(client.firstParty() ? ", first-party" : "")
                    .append(" · scopes ").append(Html.escape(String.join(" ", new TreeSet<>(client.allowedScopes()))))
                    .append(" · ").append(Html.escape(String.join(", ", client.redirectUris()))).append("</dd>");
        }
        body.append("</dl></div>");
        body.append("<div class=\"card\"><h2>Users</h2><p class=\"muted\">Their claims, as the configuration "
                + "file gives them; <code>/oauth/userinfo</code> releases to a client only those its scopes allow "
                + "(<code>profile</code>, <code>email</code>, <code>phone</code>, <code>address</code>; OpenID "
                + "Connect Core §5.4).</p><dl>");
        for (DemoUser user : portal.config().users()) {
            body.append("<dt><code>").append(Html.escape(user.username())).append("</code></dt><dd>sub <code>")
                    .append(Html.escape(user.subject())).append("</code>");
            if (!user.claims().isEmpty()) {
                body.append(" · ").append(Html.escape(String.join(", ", user.claims().keySet())));
            }
            body.append("</dd>");
        }
        body.append("</dl></div>");
        Html.send(response, 200, "Home", LoginServlet.topBar(request, portal.users()), body.toString());
    }
}
