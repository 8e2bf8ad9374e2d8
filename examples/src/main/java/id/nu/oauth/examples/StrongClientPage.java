package id.nu.oauth.examples;

/**
 * The strong demo client's one page: what the client is and how it is registered, then, during a
 * flow, its tokens (masked), the buttons for the next steps, and every HTTP message in order, each
 * with its client assertion and DPoP proof decoded. Every value is HTML-escaped.
 *
 * <pre>{@code
 * String html = new StrongClientPage(strongClient).body(flow, Sessions.csrfField(request));
 * }</pre>
 */
final class StrongClientPage {

    private final StrongClient client;

    StrongClientPage(StrongClient client) {
        this.client = client;
    }

    /** The page's body for a visitor with this flow ({@code null}: none yet). */
    String body(StrongFlow flow, String csrf) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Strong demo client: DPoP + PAR + private_key_jwt</h1>")
                .append("<p>This page plays a high-assurance application (the FAPI 2.0 kind) that signs its users in "
                        + "with NU.ID. It authenticates with a key instead of a secret (<code>private_key_jwt</code>, "
                        + "RFC 7523), pushes its authorization request to the server first (PAR, RFC 9126), and its "
                        + "tokens are bound to a key of its own (DPoP, RFC 9449), so a stolen token is useless. Every "
                        + "message below was built and parsed with the Nimbus OAuth SDK; JWTs are decoded, token "
                        + "values and assertions are shown as a prefix only. The <a href=\"")
                .append(DemoClientServlet.PATH).append("/\">demo client</a> walks the plain code flow.</p>");
        body.append("<div class=\"card\" id=\"strong-registration\"><h2>How it is registered</h2><dl>")
                .append("<dt>client_id</dt><dd><code>").append(StrongClient.CLIENT_ID).append("</code></dd>")
                .append("<dt>token_endpoint_auth_method</dt><dd><code>private_key_jwt</code>, with this public key "
                        + "registered inline (<code>jwks</code>); its private half never leaves the client</dd>")
                .append("<dt>require_pushed_authorization_requests</dt><dd><code>true</code>: an authorize request "
                        + "without a <code>request_uri</code> is refused</dd>")
                .append("<dt>dpop_bound_access_tokens</dt><dd><code>true</code>: a token request without a DPoP "
                        + "proof is refused</dd>")
                .append("<dt>redirect_uri</dt><dd><code>").append(Html.escape(client.redirectUri().toString()))
                .append("</code></dd><dt>scope</dt><dd><code>").append(StrongClient.SCOPE).append("</code></dd></dl>")
                .append("<pre tabindex=\"0\" id=\"strong-jwks\">").append(Html.escape(PrettyJson.of(client.publicJwks())))
                .append("</pre></div>");
        if (flow == null) {
            body.append("<div class=\"card\"><h2>Start</h2><p>The client makes a new DPoP key pair for this flow, "
                    + "pushes its request, and sends you to the portal with only a <code>request_uri</code>.</p>")
                    .append(button("/start", csrf, "Sign in with NU.ID as " + StrongClient.CLIENT_ID, ""))
                    .append("</div>");
            return body.toString();
        }
        body.append("<div class=\"card\"><h2>Client <code>").append(StrongClient.CLIENT_ID).append("</code></h2><dl>")
                .append("<dt>DPoP key (RFC 7638 thumbprint)</dt><dd><code id=\"strong-dpop-jkt\">")
                .append(Html.escape(StrongClient.thumbprint(flow))).append("</code></dd>");
        if (flow.accessToken != null) {
            body.append("<dt>token_type</dt><dd><code id=\"strong-token-type\">").append(Html.escape(flow.tokenType))
                    .append("</code></dd><dt>Access token</dt><dd><code id=\"strong-access-token\">")
                    .append(Html.escape(StrongClient.mask(flow.accessToken)))
                    .append("</code></dd><dt>Refresh token</dt><dd><code id=\"strong-refresh-token\">")
                    .append(Html.escape(StrongClient.mask(flow.refreshToken))).append("</code></dd>");
            if (flow.idToken != null) {
                body.append("<dt>ID token</dt><dd><code id=\"strong-id-token\">")
                        .append(Html.escape(StrongClient.mask(flow.idToken))).append("</code></dd>");
            }
        }
        if (flow.dpopNonce != null) {
            body.append("<dt>Server's DPoP nonce</dt><dd><code id=\"strong-dpop-nonce\">")
                    .append(Html.escape(flow.dpopNonce)).append("</code></dd>");
        }
        body.append("</dl><div class=\"actions\">");
        if (flow.accessToken != null) {
            body.append(button("/userinfo", csrf, "Call userinfo with DPoP", ""))
                    .append(button("/bearer", csrf, "Try the token as a Bearer token", "secondary"));
        }
        if (flow.refreshToken != null) {
            body.append(button("/refresh", csrf, "Refresh with a new proof", "secondary"));
        }
        body.append(button("/reset", csrf, "Start over", "secondary")).append("</div></div>");
        body.append("<h2>The messages, in order</h2>");
        for (int i = 0; i < flow.steps.size(); i++) {
            StrongFlow.Step step = flow.steps.get(i);
            String id = "strong-step-" + (i + 1);
            body.append("<section id=\"").append(id).append("\" class=\"card step\"><h3>")
                    .append(Html.escape(step.title())).append(step.ok() ? "" : " <span class=\"tag\">failed</span>")
                    .append("</h3><p>").append(Html.escape(step.note())).append("</p><div>Request</div><pre tabindex=\"0\" id=\"")
                    .append(id).append("-request\">").append(Html.escape(step.request())).append("</pre>");
            for (int j = 0; j < step.decoded().size(); j++) {
                StrongFlow.Jwt jwt = step.decoded().get(j);
                String jwtId = id + "-jwt-" + (j + 1);
                body.append("<div id=\"").append(jwtId).append("-label\">").append(Html.escape(jwt.label()))
                        .append(", decoded</div><div class=\"jwt\"><div><div>Header</div><pre tabindex=\"0\" id=\"")
                        .append(jwtId).append("-header\">").append(Html.escape(jwt.header()))
                        .append("</pre></div><div><div>Claims</div><pre tabindex=\"0\" id=\"").append(jwtId)
                        .append("-claims\">").append(Html.escape(jwt.claims())).append("</pre></div></div>");
            }
            if (step.response() != null) {
                body.append("<div>Response</div><pre tabindex=\"0\" class=\"response\" id=\"").append(id)
                        .append("-response\">").append(Html.escape(step.response())).append("</pre>");
            }
            body.append("</section>");
        }
        return body.toString();
    }

    private static String button(String action, String csrf, String label, String cssClass) {
        return "<form method=\"post\" action=\"" + StrongClientServlet.PATH + action + "\">" + csrf
                + "<button type=\"submit\"" + (cssClass.isEmpty() ? "" : " class=\"" + cssClass + "\"") + ">"
                + Html.escape(label) + "</button></form>";
    }
}
