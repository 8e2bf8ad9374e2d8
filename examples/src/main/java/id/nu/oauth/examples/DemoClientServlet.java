package id.nu.oauth.examples;

import id.nu.oauth.storage.Client;
import id.nu.oauth.storage.ClientType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A client application living at {@code /demo-client/} on the same server, for show: it walks the
 * documented NU.ID flow and prints every request and response. It is a separate application in all
 * but location: it reaches the API only over HTTP, at the server's own loopback URL, with
 * {@link HttpClient}, exactly as a client on another machine would.
 *
 * <ol>
 * <li>{@code POST /demo-client/start}: a fresh {@code state} (and a PKCE verifier, except for a
 *     legacy client), then the browser goes to {@code GET /api/oauth/authorize}.</li>
 * <li>{@code GET /demo-client/callback}: checks {@code state} and {@code iss} (RFC 9207), then
 *     {@code POST /api/oauth/token}.</li>
 * <li>{@code POST /demo-client/refresh}: {@code POST /api/oauth/refreshAccessToken}.</li>
 * <li>{@code POST /demo-client/call-api}: {@code GET /resource/me} with the access token.</li>
 * <li>{@code POST /demo-client/revoke}: {@code POST /api/oauth/revoke} with the access or refresh token.</li>
 * </ol>
 *
 * It shows tokens in full because it is a demo; a real client never shows or logs them. Every
 * value is HTML-escaped.
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
    private static final String STATE_ATTRIBUTE = "nuid-demo.client";

    private final transient URI origin;
    private final String apiBase;
    private final String issuer;
    private final transient List<DemoConfig.ConfiguredClient> clients;
    private final transient UserDirectory users;
    private final transient HttpClient http;
    private final transient ExecutorService executor;

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
        // The client's threads belong to the application, not to the web context (Tomcat would
        // otherwise warn at shutdown that the context left threads running).
        ClassLoader appLoader = DemoClientServlet.class.getClassLoader();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "demo-client-http");
            thread.setDaemon(true);
            thread.setContextClassLoader(appLoader);
            return thread;
        });
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(appLoader);
        try {
            this.http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(executor)
                    .build();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    /**
     * Whether a client registered the demo's callback, {@code http://127.0.0.1/demo-client/callback}
     * (any port: RFC 8252 §7.3 lets a loopback redirect URI's port vary).
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

    /** What the demo client remembers between pages, in the visitor's session. */
    static final class Flow implements Serializable {
        private static final long serialVersionUID = 1L;
        String clientId;
        String state;
        String codeVerifier;
        String accessToken;
        String refreshToken;
        final List<Step> steps = new ArrayList<>();
    }

    /**
     * One exchange shown on the page.
     *
     * @param title what happened, in a few words
     * @param note what to notice
     * @param request the request as text
     * @param response the response as text, or {@code null}
     * @param ok whether it went as hoped
     */
    record Step(String title, String note, String request, String response, boolean ok) implements Serializable {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(PATH + "/");
        } else if ("/".equals(path)) {
            page(request, response);
        } else if ("/callback".equals(path)) {
            callback(request, response);
        } else {
            Html.send(response, 404, "Not found", LoginServlet.topBar(request, users),
                    "<h1>Not found</h1><p><a href=\"" + PATH + "/\">Back to the demo client</a></p>");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        if (!Sessions.csrfValid(request)) {
            Html.send(response, 403, "Form expired", LoginServlet.topBar(request, users),
                    "<h1>This form expired</h1><p class=\"error\" role=\"alert\">It was not sent from this page "
                            + "or your session ended.</p><p><a href=\"" + PATH + "/\">Back to the demo client</a></p>");
            return;
        }
        String path = String.valueOf(request.getPathInfo());
        Flow flow = flow(request);
        synchronized (flow) {
            switch (path) {
                case "/start" -> {
                    start(request, response, flow);
                    return;
                }
                case "/refresh" -> refresh(flow);
                case "/call-api" -> callApi(flow);
                case "/revoke" -> revoke(flow, "refresh".equals(request.getParameter("token")));
                case "/reset" -> request.getSession().removeAttribute(STATE_ATTRIBUTE);
                default -> {
                    response.sendError(404);
                    return;
                }
            }
            seeOther(response, PATH + "/");
        }
    }

    private void start(HttpServletRequest request, HttpServletResponse response, Flow old) throws IOException {
        DemoConfig.ConfiguredClient chosen = find(request.getParameter("client_id"));
        if (chosen == null) {
            seeOther(response, PATH + "/");
            return;
        }
        Client client = chosen.client();
        Flow flow = new Flow();
        flow.clientId = client.clientId();
        flow.state = Sessions.newToken();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", redirectUri());
        query.put("state", flow.state);
        if (!client.allowedScopes().isEmpty()) {
            query.put("scope", String.join(" ", new TreeSet<>(client.allowedScopes())));
        }
        String note;
        if (client.type() == ClientType.LEGACY_PUBLIC) {
            note = "The documented NU.ID request: response_type, client_id, redirect_uri, state and scope. "
                    + "This client is registered as a legacy public client, so it needs no PKCE and no secret.";
        } else {
            flow.codeVerifier = Sessions.newToken() + Sessions.newToken().substring(0, 20); // 63 characters
            query.put("code_challenge", s256(flow.codeVerifier));
            query.put("code_challenge_method", "S256");
            note = "The documented request plus a PKCE challenge (RFC 7636, S256): the code is useless without "
                    + "the verifier this client keeps (" + flow.codeVerifier + ").";
        }
        String location = apiBase + "/oauth/authorize?" + form(query);
        flow.steps.add(new Step("1. Send the browser to the authorize endpoint", note,
                "GET " + location, "302 redirect in your browser: the portal asks you to sign in and to consent.",
                true));
        request.getSession().setAttribute(STATE_ATTRIBUTE, flow);
        seeOther(response, location);
    }

    private void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        Flow flow = session == null ? null : (Flow) session.getAttribute(STATE_ATTRIBUTE);
        if (flow == null || flow.state == null) {
            Html.send(response, 400, "Unexpected callback", LoginServlet.topBar(request, users),
                    "<h1>Unexpected callback</h1><p class=\"error\" role=\"alert\">This client did not start a "
                            + "sign-in in this browser session, so it ignores this response.</p>"
                            + "<p><a href=\"" + PATH + "/\">Back to the demo client</a></p>");
            return;
        }
        synchronized (flow) {
            String received = "GET " + request.getRequestURI() + "?" + request.getQueryString();
            String state = request.getParameter("state");
            if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                    flow.state.getBytes(StandardCharsets.UTF_8))) {
                flow.steps.add(new Step("2. Callback refused: wrong state",
                        "The state does not match the one this client sent, so the response may be forged "
                                + "(CSRF, RFC 6749 §10.12). It was ignored.", received, null, false));
                flow.state = null;
                seeOther(response, PATH + "/");
                return;
            }
            flow.state = null; // one use
            String iss = request.getParameter("iss");
            if (iss != null && !iss.equals(issuer)) {
                flow.steps.add(new Step("2. Callback refused: wrong issuer",
                        "iss is " + iss + ", not " + issuer + " (RFC 9207): a mix-up attack is possible.",
                        received, null, false));
                seeOther(response, PATH + "/");
                return;
            }
            String error = request.getParameter("error");
            if (error != null) {
                flow.steps.add(new Step("2. The authorization server said no: " + error,
                        String.valueOf(request.getParameter("error_description")), received, null, false));
                seeOther(response, PATH + "/");
                return;
            }
            flow.steps.add(new Step("2. Back at the client's redirect URI with a code",
                    "state matches the one sent" + (iss != null ? ", and iss names this server (RFC 9207)" : "")
                            + ". Now the client exchanges the code for tokens, server to server.",
                    received, null, true));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "authorization_code");
            form.put("code", String.valueOf(request.getParameter("code")));
            form.put("redirect_uri", redirectUri());
            if (flow.codeVerifier != null) {
                form.put("code_verifier", flow.codeVerifier);
            }
            post(flow, "3. Exchange the code for tokens", "/oauth/token", form);
        }
        seeOther(response, PATH + "/");
    }

    private void refresh(Flow flow) {
        if (flow.refreshToken == null) {
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", flow.refreshToken);
        post(flow, (flow.steps.size() + 1) + ". Refresh the access token", "/oauth/refreshAccessToken", form);
    }

    private void revoke(Flow flow, boolean refreshToken) {
        String token = refreshToken ? flow.refreshToken : flow.accessToken;
        if (token == null) {
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        post(flow, (flow.steps.size() + 1) + ". Revoke the " + (refreshToken ? "refresh" : "access") + " token",
                "/oauth/revoke", form);
    }

    private void callApi(Flow flow) {
        if (flow.accessToken == null) {
            return;
        }
        String url = origin + ResourceServlet.PATH;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + flow.accessToken).GET().build();
        String shownRequest = "GET " + url + "\nAuthorization: Bearer " + flow.accessToken;
        send(flow, (flow.steps.size() + 1) + ". Call the portal's own API with the access token",
                "A resource protected by the adapter's BearerTokenFilter.", request, shownRequest, null);
    }

    /** POSTs a form to the API as the flow's client, records the step, and keeps any tokens returned. */
    private void post(Flow flow, String title, String endpoint, Map<String, String> form) {
        DemoConfig.ConfiguredClient configured = find(flow.clientId);
        if (configured == null) {
            return;
        }
        Client client = configured.client();
        String url = apiBase + endpoint;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded");
        StringBuilder shown = new StringBuilder("POST " + url + "\nContent-Type: application/x-www-form-urlencoded\n");
        String note;
        if (client.type() == ClientType.CONFIDENTIAL) {
            String basic = Base64.getEncoder().encodeToString((urlEncode(client.clientId()) + ":"
                    + urlEncode(configured.secret())).getBytes(StandardCharsets.UTF_8));
            builder.header("Authorization", "Basic " + basic);
            shown.append("Authorization: Basic ").append(basic).append('\n');
            note = "A confidential client authenticates with HTTP Basic (client_secret_basic, RFC 6749 §2.3.1).";
        } else {
            form.put("client_id", client.clientId());
            note = client.type() == ClientType.LEGACY_PUBLIC
                    ? "As documented: no client secret, just client_id."
                    : "A public client sends client_id and no secret; PKCE proved it started this flow.";
        }
        String body = form(form);
        shown.append('\n').append(body);
        send(flow, title, note, builder.POST(HttpRequest.BodyPublishers.ofString(body)).build(), shown.toString(),
                endpoint);
    }

    private void send(Flow flow, String title, String note, HttpRequest request, String shownRequest, String endpoint) {
        String shownResponse;
        boolean ok;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            ok = response.statusCode() / 100 == 2;
            StringBuilder text = new StringBuilder("HTTP " + response.statusCode() + "\n");
            for (String header : List.of("Content-Type", "Cache-Control", "Pragma", "WWW-Authenticate")) {
                response.headers().firstValue(header).ifPresent(v -> text.append(header).append(": ").append(v).append('\n'));
            }
            text.append('\n').append(response.body().isEmpty() ? "(empty body)" : Json.pretty(response.body()));
            shownResponse = text.toString();
            if (ok && endpoint != null) {
                note = note + " " + keepTokens(flow, endpoint, response.body());
            }
        } catch (IOException e) {
            ok = false;
            shownResponse = "The request failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
            shownResponse = "Interrupted.";
        }
        flow.steps.add(new Step(title, note.trim(), shownRequest, shownResponse, ok));
    }

    private static String keepTokens(Flow flow, String endpoint, String body) {
        if (endpoint.equals("/oauth/revoke")) {
            return "Revoked: the token no longer works (an unknown token gets 200 too, RFC 7009 §2.2).";
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(body);
        } catch (Json.SyntaxError e) {
            return "";
        }
        if (json.get("access_token") instanceof String access) {
            flow.accessToken = access;
        }
        if (json.get("refresh_token") instanceof String refresh) {
            boolean rotated = flow.refreshToken != null && !flow.refreshToken.equals(refresh);
            flow.refreshToken = refresh;
            return rotated ? "The server rotated the refresh token: the old one is now spent (RFC 9700 §4.14.2)."
                    : "";
        }
        return endpoint.equals("/oauth/token") ? ""
                : "No new refresh_token, as documented: this client keeps its refresh token.";
    }

    private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        Flow flow = session == null ? null : (Flow) session.getAttribute(STATE_ATTRIBUTE);
        String csrf = Sessions.csrfField(request);
        StringBuilder body = new StringBuilder();
        body.append("<h1>Demo client application</h1>")
                .append("<p>This page plays a third-party application that signs its users in with NU.ID. It runs "
                        + "on this server only for convenience: it talks to the API over HTTP at <code>")
                .append(Html.escape(apiBase)).append("</code>, like any client. Tokens are shown in full because "
                        + "this is a demo; a real client never shows them.</p>");
        if (flow == null) {
            body.append("<h2>Sign in with NU.ID</h2>");
            if (clients.isEmpty()) {
                body.append("<p class=\"error\">No client registers the redirect URI <code>http://127.0.0.1"
                        + CALLBACK_PATH + "</code>, so there is nothing to try.</p>");
            }
            for (DemoConfig.ConfiguredClient c : clients) {
                Client client = c.client();
                body.append("<div class=\"card\"><h3>").append(Html.escape(client.name()))
                        .append(" <span class=\"tag\">").append(typeLabel(client.type())).append("</span></h3>")
                        .append("<p class=\"muted\">client_id <code>").append(Html.escape(client.clientId()))
                        .append("</code> · ").append(Html.escape(describe(client))).append("</p>")
                        .append("<form method=\"post\" action=\"").append(PATH).append("/start\">").append(csrf)
                        .append(Html.hidden("client_id", client.clientId()))
                        .append("<button type=\"submit\">Sign in with NU.ID as ")
                        .append(Html.escape(client.clientId())).append("</button></form></div>");
            }
        } else {
            body.append("<div class=\"card\"><h2>Client <code>").append(Html.escape(flow.clientId)).append("</code></h2>");
            if (flow.accessToken != null) {
                body.append("<dl><dt>Access token</dt><dd><code id=\"access-token\">")
                        .append(Html.escape(flow.accessToken)).append("</code></dd><dt>Refresh token</dt><dd><code id=\"refresh-token\">")
                        .append(Html.escape(flow.refreshToken == null ? "(none)" : flow.refreshToken))
                        .append("</code></dd></dl>");
            } else {
                body.append("<p class=\"muted\">No tokens yet.</p>");
            }
            body.append("<div class=\"actions\">");
            if (flow.refreshToken != null) {
                body.append(button("/refresh", csrf, "", "Refresh the access token", ""));
            }
            if (flow.accessToken != null) {
                body.append(button("/call-api", csrf, "", "Call the API", "secondary"))
                        .append(button("/revoke", csrf, Html.hidden("token", "access"), "Revoke the access token", "danger"));
            }
            if (flow.refreshToken != null) {
                body.append(button("/revoke", csrf, Html.hidden("token", "refresh"), "Revoke the refresh token", "danger"));
            }
            body.append(button("/reset", csrf, "", "Start over", "secondary")).append("</div></div>");
            body.append("<h2>What happened <span class=\"muted\">(newest first)</span></h2>");
            for (int i = flow.steps.size() - 1; i >= 0; i--) {
                Step step = flow.steps.get(i);
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
        Html.send(response, 200, "Demo client", LoginServlet.topBar(request, users), body.toString());
    }

    private static String button(String action, String csrf, String extra, String label, String cssClass) {
        return "<form method=\"post\" action=\"" + PATH + action + "\">" + csrf + extra + "<button type=\"submit\""
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

    private Flow flow(HttpServletRequest request) {
        HttpSession session = request.getSession();
        Flow flow = (Flow) session.getAttribute(STATE_ATTRIBUTE);
        return flow != null ? flow : new Flow();
    }

    private DemoConfig.ConfiguredClient find(String clientId) {
        for (DemoConfig.ConfiguredClient c : clients) {
            if (c.client().clientId().equals(clientId)) {
                return c;
            }
        }
        return null;
    }

    private String redirectUri() {
        return origin + CALLBACK_PATH;
    }

    private static void seeOther(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
    }

    private static String form(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(urlEncode(e.getKey())).append('=').append(urlEncode(e.getValue()));
        }
        return out.toString();
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
