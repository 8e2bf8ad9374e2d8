package id.nu.oauth.examples;

import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientType;
import java.util.List;

/**
 * The demo client's one page: before a flow, a card per client to sign in with; during one, the
 * tokens, the buttons for the next calls, the decoded id_token and JWT access token, the UserInfo
 * answer, and every step newest first. Every value is HTML-escaped.
 *
 * <pre>{@code
 * String html = new DemoClientPage(apiBase, clients).body(flow, Sessions.csrfField(request));
 * }</pre>
 */
final class DemoClientPage {

    private final String apiBase;
    private final List<DemoConfig.ConfiguredClient> clients;

    DemoClientPage(String apiBase, List<DemoConfig.ConfiguredClient> clients) {
        this.apiBase = apiBase;
        this.clients = clients;
    }

    /** The page's body for a visitor with this flow ({@code null}: none yet), without back-channel logouts. */
    String body(DemoFlow flow, String csrf) {
        return body(flow, csrf, List.of());
    }

    /** The page's body, with the logout tokens the client's back channel received. */
    String body(DemoFlow flow, String csrf, List<BackChannelLogouts.Received> logouts) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Demo client application</h1>")
                .append("<p>This page plays a third-party application that signs its users in with NU.ID. It runs "
                        + "on this server only for convenience: it talks to the API over HTTP at <code>")
                .append(Html.escape(apiBase)).append("</code>, like any client. Tokens are shown in full because "
                        + "this is a demo; a real client never shows them.</p>");
        if (flow == null) {
            startPage(body, csrf);
        } else {
            synchronized (flow) {
                resultPage(body, csrf, flow);
            }
        }
        backChannel(body, logouts);
        return body.toString();
    }

    private void startPage(StringBuilder body, String csrf) {
        body.append("<h2>Sign in with NU.ID</h2>");
        body.append("<p>For DPoP-bound tokens, pushed authorization requests and private_key_jwt, see the <a href=\"")
                .append(StrongClientServlet.PATH).append("/\">strong demo client</a>.</p>");
        if (clients.isEmpty()) {
            body.append("<p class=\"error\">No client registers the redirect URI <code>http://127.0.0.1"
                    + DemoClientServlet.CALLBACK_PATH + "</code>, so there is nothing to try.</p>");
        }
        for (DemoConfig.ConfiguredClient c : clients) {
            Client client = c.client();
            body.append("<div class=\"card\"><h3>").append(Html.escape(client.name()))
                    .append(" <span class=\"tag\">").append(typeLabel(client.type())).append("</span>");
            if (client.accessTokenFormat() == AccessTokenFormat.JWT) {
                body.append(" <span class=\"tag\">JWT access tokens</span>");
            }
            body.append("</h3><p class=\"muted\">client_id <code>").append(Html.escape(client.clientId()))
                    .append("</code> · scope <code>").append(Html.escape(AuthorizationRedirect.scope(client))).append("</code> · ")
                    .append(Html.escape(describe(client))).append("</p>")
                    .append("<form method=\"post\" action=\"").append(DemoClientServlet.PATH).append("/start\">").append(csrf)
                    .append(Html.hidden("client_id", client.clientId()));
            if (client.type() != ClientType.LEGACY_PUBLIC) {
                String id = "prompt-" + Html.escape(client.clientId());
                body.append("<label class=\"check\" for=\"").append(id).append("\"><input type=\"checkbox\" id=\"")
                        .append(id).append("\" name=\"prompt\" value=\"login\"><span>Ask me to sign in again "
                                + "(<code>prompt=login</code>)</span></label>");
            }
            body.append("<button type=\"submit\">Sign in with NU.ID as ")
                    .append(Html.escape(client.clientId())).append("</button></form></div>");
        }
    }

    private void resultPage(StringBuilder body, String csrf, DemoFlow flow) {
        boolean confidential = clients.stream().anyMatch(c -> c.client().clientId().equals(flow.clientId)
                && ClientRequests.confidential(c));
        body.append("<div class=\"card\"><h2>Client <code>").append(Html.escape(flow.clientId)).append("</code></h2>");
        if (flow.accessToken != null) {
            body.append("<dl><dt>Access token</dt><dd><code id=\"access-token\">")
                    .append(Html.escape(flow.accessToken)).append("</code></dd><dt>Refresh token</dt><dd><code id=\"refresh-token\">")
                    .append(Html.escape(flow.refreshToken == null ? "(none)" : flow.refreshToken))
                    .append("</code></dd>");
            if (flow.idToken != null) {
                body.append("<dt>ID token</dt><dd><code id=\"id-token\">").append(Html.escape(flow.idToken))
                        .append("</code></dd>");
            }
            body.append("</dl>");
        } else {
            body.append("<p class=\"muted\">No tokens yet.</p>");
        }
        body.append("<div class=\"actions\">");
        if (flow.refreshToken != null) {
            body.append(button("/refresh", csrf, "", "Refresh the access token", ""));
        }
        if (flow.accessToken != null) {
            body.append(button("/call-api", csrf, "", "Call the API", "secondary"))
                    .append(button("/userinfo", csrf, "", "Call userinfo", "secondary"));
            if (confidential) {
                body.append(button("/introspect", csrf, "", "Introspect", "secondary"));
            }
            body.append(button("/revoke", csrf, Html.hidden("token", "access"), "Revoke the access token", "danger"));
        }
        if (flow.refreshToken != null) {
            body.append(button("/revoke", csrf, Html.hidden("token", "refresh"), "Revoke the refresh token", "danger"));
        }
        if (flow.idToken != null) {
            // OpenID Connect RP-Initiated Logout 1.0: to the portal's end_session_endpoint with the id_token
            body.append(button("/logout", csrf, "", "Sign out of NU.ID", "danger"));
        }
        body.append(button("/reset", csrf, "", "Start over", "secondary")).append("</div></div>");
        if (flow.idTokenView != null) {
            decoded(body, "id-token", "The ID token, decoded", flow.idTokenView);
        }
        if (flow.userinfo != null) {
            body.append("<section class=\"card\" id=\"userinfo-card\"><h2>UserInfo</h2><p>What <code>GET ")
                    .append(Html.escape(apiBase)).append("/oauth/userinfo</code> answered for the access token: "
                            + "the claims its scopes allow, no more.</p><pre tabindex=\"0\" id=\"userinfo\">")
                    .append(Html.escape(flow.userinfo)).append("</pre></section>");
        }
        if (flow.accessTokenView != null) {
            decoded(body, "access-token-jwt", "The JWT access token, decoded", flow.accessTokenView);
        }
        body.append("<h2>What happened <span class=\"muted\">(newest first)</span></h2>");
        for (int i = flow.steps.size() - 1; i >= 0; i--) {
            DemoFlow.Step step = flow.steps.get(i);
            body.append("<section id=\"step-").append(i + 1).append("\" class=\"card step\"><h3>")
                    .append(Html.escape(step.title())).append(step.ok() ? "" : " <span class=\"tag\">failed</span>")
                    .append("</h3><p>").append(Html.escape(step.note())).append("</p>")
                    .append("<div>Request</div><pre tabindex=\"0\">").append(Html.escape(step.request())).append("</pre>");
            if (step.response() != null) {
                body.append("<div>Response</div><pre tabindex=\"0\" class=\"response\">")
                        .append(Html.escape(step.response())).append("</pre>");
            }
            body.append("</section>");
        }
    }

    /** The logout tokens POSTed to this client's back channel (Back-Channel Logout 1.0), newest first. */
    private static void backChannel(StringBuilder body, List<BackChannelLogouts.Received> logouts) {
        body.append("<section class=\"card\" id=\"backchannel\"><h2>Back-channel logouts received</h2><p>When a "
                + "user signs out at the portal, it POSTs a signed logout token to <code>" + DemoClientServlet.BACKCHANNEL_PATH
                + "</code> for each client the user signed in to in that session.</p>");
        if (logouts.isEmpty()) {
            body.append("<p class=\"muted\" id=\"backchannel-none\">None yet.</p>");
        }
        int n = 0;
        for (BackChannelLogouts.Received r : logouts) {
            n++;
            body.append("<div class=\"logout-token\"><p class=\"").append(r.verified() ? "ok" : "error")
                    .append("\" id=\"backchannel-").append(n).append("-verdict\">")
                    .append(r.verified() ? "✔ " : "✘ ").append(Html.escape(r.clientId())).append(" at ")
                    .append(Html.escape(r.at().toString())).append(": ").append(Html.escape(r.verdict())).append("</p>");
            if (!r.claims().isEmpty()) {
                body.append("<pre tabindex=\"0\" id=\"backchannel-").append(n).append("-claims\">")
                        .append(Html.escape(r.claims())).append("</pre>");
            }
            body.append("</div>");
        }
        body.append("</section>");
    }

    /** A decoded JWT: the verdict, then header and claims side by side. */
    private static void decoded(StringBuilder body, String id, String title, TokenVerifier.Decoded jwt) {
        body.append("<section class=\"card\" id=\"").append(id).append("-card\"><h2>").append(Html.escape(title))
                .append("</h2><p class=\"").append(jwt.verified() ? "ok" : "error").append("\" id=\"").append(id)
                .append("-verdict\"").append(jwt.verified() ? "" : " role=\"alert\"").append('>')
                .append(jwt.verified() ? "✔ " : "✘ ").append(Html.escape(jwt.verdict())).append("</p>");
        if (!jwt.times().isEmpty()) {
            body.append("<p class=\"muted\">").append(Html.escape(jwt.times())).append("</p>");
        }
        body.append("<div class=\"jwt\"><div><div>Header</div><pre tabindex=\"0\" id=\"").append(id)
                .append("-header\">").append(Html.escape(jwt.header())).append("</pre></div><div><div>Claims</div>"
                        + "<pre tabindex=\"0\" id=\"").append(id).append("-claims\">")
                .append(Html.escape(jwt.claims())).append("</pre></div></div></section>");
    }

    private static String button(String action, String csrf, String extra, String label, String cssClass) {
        return "<form method=\"post\" action=\"" + DemoClientServlet.PATH + action + "\">" + csrf + extra + "<button type=\"submit\""
                + (cssClass.isEmpty() ? "" : " class=\"" + cssClass + "\"") + ">" + Html.escape(label)
                + "</button></form>";
    }

    private static String typeLabel(ClientType type) {
        if (type == ClientType.LEGACY_PUBLIC) {
            return "legacy public";
        }
        return type == ClientType.PUBLIC ? "public + PKCE" : "confidential";
    }

    private static String describe(Client client) {
        if (client.type() == ClientType.LEGACY_PUBLIC) {
            return "the flow exactly as the NU.ID document shows it: no PKCE, no secret";
        }
        if (client.type() == ClientType.PUBLIC) {
            return "OAuth 2.1: PKCE S256, no secret, refresh tokens rotate on use";
        }
        return "a server-side app with a client secret, and PKCE as OAuth 2.1 advises";
    }
}
