package id.nu.oauth.examples;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientLogout;
import id.nu.oauth.client.ClientType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A client application living at {@code /demo-client/} on the same server, for show: it walks the
 * documented NU.ID flow and prints every request and response. It is a separate application in all
 * but location: it reaches the API only over HTTP, at the server's own loopback URL, with Nimbus's
 * OAuth SDK, exactly as a client on another machine would. This class only routes; each part of the
 * flow is its own class:
 *
 * <ol>
 * <li>{@code POST /demo-client/start}: {@link AuthorizationRedirect} (state, PKCE, nonce), then the
 *     browser goes to {@code GET /api/oauth/authorize}.</li>
 * <li>{@code GET /demo-client/callback}: {@link CallbackCheck} ({@code state}, then {@code iss},
 *     RFC 9207), then the code exchange at {@code POST /api/oauth/token} ({@link ClientRequests}); the
 *     id_token and a JWT access token are checked by {@link TokenVerifier}.</li>
 * <li>{@code POST /demo-client/refresh}, {@code /call-api}, {@code /userinfo}, {@code /introspect}
 *     (confidential clients), {@code /revoke}: one {@link ClientRequests} call each.</li>
 * </ol>
 *
 * {@link DemoClientPage} renders the page. It shows tokens in full because it is a demo; a real
 * client never shows or logs them.
 *
 * <pre>{@code
 * context.addServlet("demo-client", new DemoClientServlet(origin, "/api", issuer, config.clients(), users))
 *        .addMapping("/demo-client/*");
 * }</pre>
 */
final class DemoClientServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/demo-client";
    static final String CALLBACK_PATH = PATH + "/callback";
    /** Where the portal sends the browser back after logout (RP-Initiated Logout 1.0 §3). */
    static final String SIGNED_OUT_PATH = PATH + "/signed-out";
    /** Where the portal POSTs logout tokens (Back-Channel Logout 1.0 §2.5). */
    static final String BACKCHANNEL_PATH = PATH + "/backchannel";
    private static final String STATE_ATTRIBUTE = "nuid-demo.client";

    private final transient URI origin;
    private final String apiBase;
    private final String issuer;
    private final transient List<DemoConfig.ConfiguredClient> clients;
    private final transient UserDirectory users;
    private final transient ClientRequests requests;
    private final transient TokenVerifier verifier;
    private final transient DemoClientPage page;
    private final transient BackChannelLogouts logouts;

    /**
     * @param origin this server's loopback origin, such as {@code http://127.0.0.1:8080}
     * @param basePath where the adapter is mounted, such as {@code /api}
     * @param issuer the server's issuer identifier, which a callback's {@code iss} must equal
     *     (RFC 9207); with {@code --issuer} it differs from {@code origin + basePath}
     * @param configured every registered client; the demo drives those that have its callback
     */
    DemoClientServlet(URI origin, String basePath, URI issuer, List<DemoConfig.ConfiguredClient> configured,
            UserDirectory users) {
        this.origin = origin;
        this.apiBase = origin + basePath;
        this.issuer = issuer.toString();
        this.users = users;
        List<DemoConfig.ConfiguredClient> usable = new ArrayList<>();
        for (DemoConfig.ConfiguredClient c : configured) {
            if (usesDemoCallback(c.client())) {
                usable.add(c);
            }
        }
        this.clients = List.copyOf(usable);
        this.requests = new ClientRequests(origin, apiBase);
        this.verifier = new TokenVerifier(this.issuer, requests);
        this.page = new DemoClientPage(apiBase, clients);
        this.logouts = new BackChannelLogouts(origin, this.issuer, requests.jwksUri(),
                clients.stream().map(c -> c.client().clientId()).collect(java.util.stream.Collectors.toSet()));
    }

    /**
     * Whether a client registered the demo's callback, {@code http://127.0.0.1/demo-client/callback}
     * (any port: RFC 8252 §7.3 lets a public client's loopback redirect URI port vary; a confidential
     * one is also registered with this server's port, see {@link #registration}).
     */
    static boolean usesDemoCallback(Client client) {
        for (String uri : client.redirectUris()) {
            URI u = URI.create(uri);
            if ("http".equals(u.getScheme()) && "127.0.0.1".equals(u.getHost())
                    && CALLBACK_PATH.equals(u.getRawPath()) && u.getRawQuery() == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client as the portal registers it. A client that registered the demo's callback also gets
     * the callback at this server's exact origin ({@code origin}) when the loopback rule would not
     * cover it: RFC 8252 §7.3's "any port on loopback" is for native apps, which are public clients
     * (§8.4), so a confidential client's redirect URI matches exactly, port included; and it is for
     * {@code http}, so over https ({@code --tls}) every client needs the exact URI.
     */
    static Client registration(Client client, URI origin) {
        if (!usesDemoCallback(client)) {
            return client;
        }
        String exact = origin + CALLBACK_PATH;
        boolean exactNeeded = client.type() == ClientType.CONFIDENTIAL || "https".equals(origin.getScheme());
        List<String> redirectUris = new ArrayList<>(client.redirectUris());
        if (exactNeeded && !redirectUris.contains(exact)) {
            redirectUris.add(exact);
        }
        // OpenID Connect logout: the demo client's signed-out page and its back-channel endpoint,
        // unless the configuration registered others
        ClientLogout logout = client.logout().postLogoutRedirectUris().isEmpty()
                && client.logout().backchannelLogoutUri() == null
                ? new ClientLogout(List.of(origin + SIGNED_OUT_PATH), URI.create(origin + BACKCHANNEL_PATH))
                : client.logout();
        return new Client(client.clientId(), client.type(), client.secretHash(), client.name(), redirectUris,
                client.allowedScopes(), client.defaultScopes(), client.grantTypes(), client.refreshPolicy(),
                client.requirePkce(), client.allowPlainPkce(), client.firstParty(), client.accessTokenFormat(),
                client.resourceServer(), client.authMethods(), client.keys(), client.requirements(),
                client.resources(), logout, client.previousSecret(), client.disabled(), client.refreshGrace(),
                client.tlsSubject(), client.sealedSecret());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(PATH + "/");
        } else if ("/".equals(path)) {
            HttpSession session = request.getSession(false);
            DemoFlow flow = session == null ? null : (DemoFlow) session.getAttribute(STATE_ATTRIBUTE);
            Html.send(response, 200, "Demo client", LoginServlet.topBar(request, users),
                    page.body(flow, Sessions.csrfField(request), logouts.latest()));
        } else if ("/callback".equals(path)) {
            callback(request, response);
        } else if ("/signed-out".equals(path)) {
            signedOut(request, response);
        } else {
            Html.send(response, 404, "Not found", LoginServlet.topBar(request, users),
                    "<h1>Not found</h1><p><a href=\"" + PATH + "/\">Back to the demo client</a></p>");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        if ("/backchannel".equals(request.getPathInfo())) {
            // server to server, from the portal (Back-Channel Logout 1.0 §2.5): no browser, no CSRF token
            BackChannelLogouts.Received received = logouts.receive(request.getParameter("logout_token"));
            response.setHeader("Cache-Control", "no-store");
            response.setStatus(received.verified() ? 200 : 400); // §2.8
            return;
        }
        if (!Sessions.csrfValid(request)) {
            Html.send(response, 403, "Form expired", LoginServlet.topBar(request, users),
                    "<h1>This form expired</h1><p class=\"error\" role=\"alert\">It was not sent from this page "
                            + "or your session ended.</p><p><a href=\"" + PATH + "/\">Back to the demo client</a></p>");
            return;
        }
        String path = String.valueOf(request.getPathInfo());
        HttpSession session = request.getSession();
        DemoFlow flow = session.getAttribute(STATE_ATTRIBUTE) instanceof DemoFlow f ? f : new DemoFlow();
        synchronized (flow) {
            DemoConfig.ConfiguredClient client = find(flow.clientId);
            switch (path) {
                case "/start" -> {
                    start(request, response);
                    return;
                }
                case "/logout" -> {
                    if (flow.idToken != null) {
                        // RP-Initiated Logout 1.0 §2, built with Nimbus: the id_token as the hint, the
                        // registered post-logout URI, and a state to check on the way back
                        com.nimbusds.oauth2.sdk.id.State state = new com.nimbusds.oauth2.sdk.id.State();
                        flow.logoutState = state.getValue();
                        session.setAttribute(STATE_ATTRIBUTE, flow);
                        seeOther(response, new com.nimbusds.openid.connect.sdk.LogoutRequest(
                                URI.create(apiBase + "/oauth/logout"),
                                idTokenHint(flow.idToken),
                                URI.create(origin + SIGNED_OUT_PATH), state).toURI().toString());
                        return;
                    }
                }
                case "/refresh" -> {
                    if (client != null && flow.refreshToken != null) {
                        tokens(flow, flow.next() + ". Refresh the access token", client,
                                new RefreshTokenGrant(new RefreshToken(flow.refreshToken)));
                    }
                }
                case "/call-api" -> {
                    if (flow.accessToken != null) {
                        requests.callApi(flow);
                    }
                }
                case "/userinfo" -> {
                    if (flow.accessToken != null) {
                        requests.userinfo(flow);
                    }
                }
                case "/introspect" -> {
                    if (client != null && flow.accessToken != null && ClientRequests.confidential(client)) {
                        requests.introspect(flow, client);
                    }
                }
                case "/revoke" -> {
                    boolean refreshToken = "refresh".equals(request.getParameter("token"));
                    if (client != null && (refreshToken ? flow.refreshToken : flow.accessToken) != null) {
                        requests.revoke(flow, client, refreshToken);
                    }
                }
                case "/reset" -> session.removeAttribute(STATE_ATTRIBUTE);
                default -> {
                    response.sendError(404);
                    return;
                }
            }
            seeOther(response, PATH + "/");
        }
    }

    private void start(HttpServletRequest request, HttpServletResponse response) {
        DemoConfig.ConfiguredClient chosen = find(request.getParameter("client_id"));
        if (chosen == null) {
            seeOther(response, PATH + "/");
            return;
        }
        DemoFlow flow = new DemoFlow();
        URI location = AuthorizationRedirect.start(flow, chosen.client(), URI.create(apiBase + "/oauth/authorize"),
                redirectUri(), "login".equals(request.getParameter("prompt")));
        request.getSession().setAttribute(STATE_ATTRIBUTE, flow);
        seeOther(response, location.toString());
    }

    private static com.nimbusds.jwt.JWT idTokenHint(String idToken) {
        try {
            return com.nimbusds.jwt.JWTParser.parse(idToken);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("the id_token this client kept is not a JWT", e);
        }
    }

    /** The way back from the portal's logout: the state checked, the client's own state forgotten. */
    private void signedOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        DemoFlow flow = session == null ? null : (DemoFlow) session.getAttribute(STATE_ATTRIBUTE);
        String state = request.getParameter("state");
        boolean ours = flow != null && flow.logoutState != null && flow.logoutState.equals(state);
        if (session != null && ours) {
            session.removeAttribute(STATE_ATTRIBUTE);
        }
        Html.send(response, ours ? 200 : 400, "Signed out", LoginServlet.topBar(request, users),
                ours ? "<h1 id=\"signed-out\">Signed out</h1><p>The portal ended your NU.ID session and sent you back "
                        + "here with the <code>state</code> this client sent (RP-Initiated Logout 1.0 §3). The portal "
                        + "also told this client through its back channel; the logout tokens it received are listed "
                        + "on the <a href=\"" + PATH + "/\">demo client's page</a>.</p>"
                        : "<h1>Unexpected sign-out response</h1><p class=\"error\" role=\"alert\">This client did not "
                        + "start a logout in this browser session, or the state does not match.</p><p><a href=\""
                        + PATH + "/\">Back to the demo client</a></p>");
    }

    private void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        DemoFlow flow = session == null ? null : (DemoFlow) session.getAttribute(STATE_ATTRIBUTE);
        if (flow == null || flow.state == null) {
            Html.send(response, 400, "Unexpected callback", LoginServlet.topBar(request, users),
                    "<h1>Unexpected callback</h1><p class=\"error\" role=\"alert\">This client did not start a "
                            + "sign-in in this browser session, so it ignores this response.</p>"
                            + "<p><a href=\"" + PATH + "/\">Back to the demo client</a></p>");
            return;
        }
        synchronized (flow) {
            String code = CallbackCheck.code(request, flow, issuer);
            DemoConfig.ConfiguredClient client = find(flow.clientId);
            if (code != null && client != null) {
                tokens(flow, "3. Exchange the code for tokens", client, new AuthorizationCodeGrant(
                        new AuthorizationCode(code), redirectUri(),
                        flow.codeVerifier == null ? null : new CodeVerifier(flow.codeVerifier)));
            }
        }
        seeOther(response, PATH + "/");
    }

    /** The code exchange or a refresh, then the checks of the id_token and of a JWT access token. */
    private void tokens(DemoFlow flow, String title, DemoConfig.ConfiguredClient client, AuthorizationGrant grant) {
        String before = flow.accessToken;
        String idToken = requests.token(flow, title, client, grant);
        if (idToken != null) {
            flow.idToken = idToken;
            flow.idTokenView = verifier.verifyIdToken(flow, idToken, grant instanceof AuthorizationCodeGrant);
        }
        if (flow.accessToken != null && !flow.accessToken.equals(before)) {
            flow.accessTokenView = TokenVerifier.looksLikeJwt(flow.accessToken)
                    ? verifier.verifyJwtAccessToken(flow, flow.accessToken) : null;
        }
    }

    private DemoConfig.ConfiguredClient find(String clientId) {
        for (DemoConfig.ConfiguredClient c : clients) {
            if (c.client().clientId().equals(clientId)) {
                return c;
            }
        }
        return null;
    }

    private URI redirectUri() {
        return URI.create(origin + CALLBACK_PATH);
    }

    private static void seeOther(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
    }
}
