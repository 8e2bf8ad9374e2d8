package id.nu.oauth.examples;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.InvalidHashException;
import id.nu.oauth.storage.AccessTokenFormat;
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
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A client application living at {@code /demo-client/} on the same server, for show: it walks the
 * documented NU.ID flow and prints every request and response. It is a separate application in all
 * but location: it reaches the API only over HTTP, at the server's own loopback URL, with
 * {@link HttpClient}, exactly as a client on another machine would.
 *
 * <ol>
 * <li>{@code POST /demo-client/start}: a fresh {@code state} (and a PKCE verifier and a
 *     {@code nonce}, except for a legacy client, whose request keeps the documented shape), then
 *     the browser goes to {@code GET /api/oauth/authorize}.</li>
 * <li>{@code GET /demo-client/callback}: checks {@code state} and {@code iss} (RFC 9207: present and
 *     this server's, on success and error responses alike), then
 *     {@code POST /api/oauth/token}; an id_token is verified with Nimbus's {@link IDTokenValidator}
 *     against the keys from {@code GET /api/oauth/jwks} (signature, issuer, audience, expiry, nonce,
 *     {@code at_hash}), and a JWT access token (RFC 9068) is decoded and checked the same way.</li>
 * <li>{@code POST /demo-client/refresh}: {@code POST /api/oauth/refreshAccessToken}.</li>
 * <li>{@code POST /demo-client/call-api}: {@code GET /resource/me} with the access token.</li>
 * <li>{@code POST /demo-client/userinfo}: {@code GET /api/oauth/userinfo} with the access token.</li>
 * <li>{@code POST /demo-client/introspect}: {@code POST /api/oauth/introspect} (confidential clients).</li>
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
    private static final String OPENID = "openid";

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
                    .sslContext(DemoTls.clientContextFor(origin)) // over https: trusts the portal's certificate
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
     * The client as the portal registers it. A confidential client that registered the demo's
     * callback also gets the callback with this server's port ({@code origin}): RFC 8252 §7.3's
     * "any port on loopback" is for native apps, which are public clients (§8.4), so a confidential
     * client's redirect URI matches exactly, port included.
     */
    static Client registration(Client client, URI origin) {
        String exact = origin + CALLBACK_PATH;
        if (client.type() != ClientType.CONFIDENTIAL || !usesDemoCallback(client)
                || client.redirectUris().contains(exact)) {
            return client;
        }
        List<String> redirectUris = new ArrayList<>(client.redirectUris());
        redirectUris.add(exact);
        return new Client(client.clientId(), client.type(), client.secretHash(), client.name(), redirectUris,
                client.allowedScopes(), client.defaultScopes(), client.grantTypes(), client.refreshPolicy(),
                client.requirePkce(), client.allowPlainPkce(), client.firstParty(), client.accessTokenFormat(),
                client.resourceServer());
    }

    /** What the demo client remembers between pages, in the visitor's session. */
    static final class Flow implements Serializable {
        private static final long serialVersionUID = 2L;
        String clientId;
        String state;
        String codeVerifier;
        /** The nonce sent in the authorize request, which the id_token must carry back (OIDC Core §3.1.2.1). */
        String nonce;
        String accessToken;
        String refreshToken;
        String idToken;
        /** The {@code sub} of the first verified id_token: later ones and userinfo must name the same user. */
        String subject;
        /** The portal's JWK set as last fetched from {@code /oauth/jwks}. */
        String jwks;
        Decoded idTokenView;
        Decoded accessTokenView;
        /** The last userinfo answer, pretty-printed, or {@code null}. */
        String userinfo;
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

    /**
     * A signed JWT as the page shows it.
     *
     * @param header the JOSE header, pretty JSON
     * @param claims the claims, pretty JSON
     * @param verified whether every check passed
     * @param verdict what was checked, or what failed
     * @param times {@code iat}, {@code exp} and {@code auth_time} as readable dates
     */
    record Decoded(String header, String claims, boolean verified, String verdict, String times)
            implements Serializable {
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
                case "/userinfo" -> userinfo(flow);
                case "/introspect" -> introspect(flow);
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
        boolean legacy = client.type() == ClientType.LEGACY_PUBLIC;
        boolean openid = client.allowedScopes().contains(OPENID);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", redirectUri());
        query.put("state", flow.state);
        if (!client.allowedScopes().isEmpty()) {
            query.put("scope", scope(client));
        }
        StringBuilder note = new StringBuilder();
        if (legacy) {
            note.append("The documented NU.ID request: response_type, client_id, redirect_uri, state and scope. "
                    + "This client is registered as a legacy public client, so it needs no PKCE and no secret.");
            if (openid) {
                note.append(" Its scope includes openid, so the token response brings an id_token too; the request "
                        + "keeps the documented shape, so it sends no nonce (optional in the code flow, OpenID "
                        + "Connect Core §3.1.2.1) and state alone ties the answer to this browser.");
            }
        } else {
            flow.codeVerifier = Sessions.newToken() + Sessions.newToken().substring(0, 20); // 63 characters
            query.put("code_challenge", s256(flow.codeVerifier));
            query.put("code_challenge_method", "S256");
            note.append("The documented request plus a PKCE challenge (RFC 7636, S256): the code is useless without "
                    + "the verifier this client keeps (").append(flow.codeVerifier).append(").");
            if (openid) {
                flow.nonce = Sessions.newToken();
                query.put("nonce", flow.nonce);
                note.append(" With openid in scope it also sends a nonce, which the id_token must carry back "
                        + "(OpenID Connect Core §3.1.2.1, §15.5.2).");
            }
            if ("login".equals(request.getParameter("prompt"))) {
                query.put("prompt", "login");
                note.append(" prompt=login asks the portal to show its login form even to a signed-in user "
                        + "(OpenID Connect Core §3.1.2.1).");
            }
        }
        String location = apiBase + "/oauth/authorize?" + form(query);
        flow.steps.add(new Step("1. Send the browser to the authorize endpoint", note.toString(),
                "GET " + location, "302 redirect in your browser: the portal asks you to sign in and to consent.",
                true));
        request.getSession().setAttribute(STATE_ATTRIBUTE, flow);
        seeOther(response, location);
    }

    /**
     * The scopes the demo asks for: all the client may have, the OpenID Connect ones first in their
     * usual order ({@code openid profile email address phone}), then the others sorted.
     */
    static String scope(Client client) {
        List<String> scopes = new ArrayList<>();
        for (String standard : List.of(OPENID, "profile", "email", "address", "phone")) {
            if (client.allowedScopes().contains(standard)) {
                scopes.add(standard);
            }
        }
        for (String scope : new TreeSet<>(client.allowedScopes())) {
            if (!scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        return String.join(" ", scopes);
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
            // RFC 9207 §2.4: this server always sends iss, on success and error responses alike, so
            // a response without it is refused as one with another issuer is.
            String iss = request.getParameter("iss");
            if (iss == null) {
                flow.steps.add(new Step("2. Callback refused: no issuer",
                        "The response has no iss, but this server always sends one (RFC 9207 §2.4): the "
                                + "response may come from another server (a mix-up attack). It was ignored.",
                        received, null, false));
                seeOther(response, PATH + "/");
                return;
            }
            if (!iss.equals(issuer)) {
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
                    "state matches the one sent, and iss names this server (RFC 9207)"
                            + ". Now the client exchanges the code for tokens, server to server.",
                    received, null, true));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "authorization_code");
            form.put("code", String.valueOf(request.getParameter("code")));
            form.put("redirect_uri", redirectUri());
            if (flow.codeVerifier != null) {
                form.put("code_verifier", flow.codeVerifier);
            }
            tokenRequest(flow, "3. Exchange the code for tokens", "/oauth/token", form);
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
        tokenRequest(flow, next(flow) + ". Refresh the access token", "/oauth/refreshAccessToken", form);
    }

    /** The code exchange or a refresh: keeps the tokens, then checks the id_token and a JWT access token. */
    private void tokenRequest(Flow flow, String title, String endpoint, Map<String, String> form) {
        String[] idToken = new String[1];
        boolean[] newAccessToken = new boolean[1];
        post(flow, title, endpoint, form, body -> {
            String before = flow.accessToken;
            String note = keepTokens(flow, endpoint, body, idToken);
            newAccessToken[0] = flow.accessToken != null && !flow.accessToken.equals(before);
            return note;
        });
        if (idToken[0] != null) {
            flow.idToken = idToken[0];
            flow.idTokenView = verifyIdToken(flow, idToken[0], endpoint.equals("/oauth/token"));
        }
        if (newAccessToken[0]) {
            flow.accessTokenView = looksLikeJwt(flow.accessToken) ? verifyJwtAccessToken(flow, flow.accessToken) : null;
        }
    }

    private void revoke(Flow flow, boolean refreshToken) {
        String token = refreshToken ? flow.refreshToken : flow.accessToken;
        if (token == null) {
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        post(flow, next(flow) + ". Revoke the " + (refreshToken ? "refresh" : "access") + " token",
                "/oauth/revoke", form,
                body -> "Revoked: the token no longer works (an unknown token gets 200 too, RFC 7009 §2.2).");
    }

    private void introspect(Flow flow) {
        DemoConfig.ConfiguredClient configured = find(flow.clientId);
        if (flow.accessToken == null || configured == null || configured.client().type() != ClientType.CONFIDENTIAL) {
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", flow.accessToken);
        form.put("token_type_hint", "access_token");
        post(flow, next(flow) + ". Introspect the access token", "/oauth/introspect", form, body -> {
            Map<String, Object> json = parse(body);
            return Boolean.TRUE.equals(json.get("active"))
                    ? "The portal says the token is active, and for whom, which client and which scopes (RFC 7662 "
                            + "§2.2). Only a client that authenticates may ask, so public clients cannot."
                    : "The portal says the token is not active, and nothing more (RFC 7662 §2.2).";
        });
    }

    private void callApi(Flow flow) {
        if (flow.accessToken == null) {
            return;
        }
        String url = origin + ResourceServlet.PATH;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + flow.accessToken).GET().build();
        String shownRequest = "GET " + url + "\nAuthorization: Bearer " + flow.accessToken;
        send(flow, next(flow) + ". Call the portal's own API with the access token",
                "A resource protected by the adapter's BearerTokenFilter.", request, shownRequest, null);
    }

    private void userinfo(Flow flow) {
        if (flow.accessToken == null) {
            return;
        }
        String url = apiBase + "/oauth/userinfo";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + flow.accessToken).GET().build();
        String shownRequest = "GET " + url + "\nAuthorization: Bearer " + flow.accessToken;
        flow.userinfo = null;
        send(flow, next(flow) + ". Ask the UserInfo endpoint who signed in",
                "OpenID Connect Core §5.3: the user's claims, only those the granted scopes release "
                        + "(profile: name and the like, email: email and email_verified, phone, address; §5.4).",
                request, shownRequest, body -> {
                    Map<String, Object> json = parse(body);
                    Object sub = json.get("sub");
                    if (flow.subject != null && !flow.subject.equals(sub)) {
                        // §5.3.2: a mismatch means the answer must not be used
                        return "Its sub (" + sub + ") is not the id_token's (" + flow.subject + "): this client "
                                + "does not use the answer (OpenID Connect Core §5.3.2).";
                    }
                    flow.userinfo = Json.pretty(body);
                    return flow.subject != null
                            ? "Its sub is the id_token's sub, as OpenID Connect Core §5.3.2 requires."
                            : "";
                });
    }

    /** POSTs a form to the API as the flow's client and records the step. */
    private void post(Flow flow, String title, String endpoint, Map<String, String> form,
            Function<String, String> onSuccess) {
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
                onSuccess);
    }

    /**
     * Sends a request, records it and its response as a step, and on a 2xx lets {@code onSuccess}
     * read the body and add to the step's note. Returns the body of a 2xx, else {@code null}.
     */
    private String send(Flow flow, String title, String note, HttpRequest request, String shownRequest,
            Function<String, String> onSuccess) {
        String shownResponse;
        boolean ok;
        String result = null;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            ok = response.statusCode() / 100 == 2;
            StringBuilder text = new StringBuilder("HTTP " + response.statusCode() + "\n");
            for (String header : List.of("Content-Type", "Cache-Control", "Pragma", "WWW-Authenticate")) {
                response.headers().firstValue(header).ifPresent(v -> text.append(header).append(": ").append(v).append('\n'));
            }
            text.append('\n').append(response.body().isEmpty() ? "(empty body)" : Json.pretty(response.body()));
            shownResponse = text.toString();
            if (ok) {
                result = response.body();
                if (onSuccess != null) {
                    note = note + " " + onSuccess.apply(response.body());
                }
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
        return result;
    }

    /** Keeps the tokens of a token response; puts its id_token, if any, in {@code idToken[0]}. */
    private static String keepTokens(Flow flow, String endpoint, String body, String[] idToken) {
        Map<String, Object> json = parse(body);
        StringBuilder note = new StringBuilder();
        if (json.get("access_token") instanceof String access) {
            flow.accessToken = access;
            if (looksLikeJwt(access)) {
                note.append("This client's access tokens are JWTs (RFC 9068), decoded below. ");
            }
        }
        if (json.get("id_token") instanceof String id) {
            idToken[0] = id;
            note.append(endpoint.equals("/oauth/token")
                    ? "The id_token says who signed in; the client checks it before it believes it (below). "
                    : "A new id_token for the same user, without a nonce (OpenID Connect Core §12.2). ");
        }
        if (json.get("refresh_token") instanceof String refresh) {
            boolean rotated = flow.refreshToken != null && !flow.refreshToken.equals(refresh);
            flow.refreshToken = refresh;
            if (rotated) {
                note.append("The server rotated the refresh token: the old one is now spent (RFC 9700 §4.14.2).");
            }
        } else if (!endpoint.equals("/oauth/token")) {
            note.append("No new refresh_token, as documented: this client keeps its refresh token.");
        }
        return note.toString();
    }

    private static Map<String, Object> parse(String body) {
        try {
            return Json.parseObject(body);
        } catch (Json.SyntaxError e) {
            return Map.of();
        }
    }

    /**
     * Checks an id_token as OpenID Connect Core §3.1.3.7 asks, with Nimbus's {@link IDTokenValidator}:
     * the signature with the portal's key (RS256, the portal's default) from {@code /oauth/jwks}, the
     * issuer, the audience (this client), the expiry, and the nonce this client sent; then
     * {@code at_hash} against the access token (§3.1.3.8), and on refresh the same {@code sub} (§12.2).
     */
    Decoded verifyIdToken(Flow flow, String idToken, boolean fromCode) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(idToken);
        } catch (java.text.ParseException e) {
            return new Decoded("", idToken, false, "Not a signed JWT: " + e.getMessage(), "");
        }
        String header = Json.pretty(jwt.getHeader().toString());
        String claimsJson = Json.pretty(jwt.getPayload().toString());
        String times = times(jwt);
        JWKSet keys = keys(flow, jwt.getHeader().getKeyID(), "the id_token");
        if (keys == null) {
            return new Decoded(header, claimsJson, false, "Not verified: the portal's keys could not be fetched.", times);
        }
        Nonce expectedNonce = fromCode && flow.nonce != null ? new Nonce(flow.nonce) : null;
        IDTokenValidator validator = new IDTokenValidator(new Issuer(issuer), new ClientID(flow.clientId),
                JWSAlgorithm.RS256, keys);
        try {
            IDTokenClaimsSet claims = validator.validate(jwt, expectedNonce);
            if (claims.getAccessTokenHash() != null) {
                AccessTokenValidator.validate(new BearerAccessToken(flow.accessToken), jwt.getHeader().getAlgorithm(),
                        claims.getAccessTokenHash());
            }
            String sub = claims.getSubject().getValue();
            if (flow.subject != null && !flow.subject.equals(sub)) {
                return new Decoded(header, claimsJson, false, "Not accepted: its sub " + sub + " is not the first "
                        + "id_token's " + flow.subject + " (OpenID Connect Core §12.2).", times);
            }
            flow.subject = sub;
            StringBuilder verdict = new StringBuilder("Verified with Nimbus IDTokenValidator (OpenID Connect Core "
                    + "§3.1.3.7): the RS256 signature with key ").append(jwt.getHeader().getKeyID())
                    .append(" from GET ").append(apiBase).append("/oauth/jwks; iss is ").append(issuer)
                    .append("; aud is ").append(flow.clientId).append("; it has not expired");
            if (expectedNonce != null) {
                verdict.append("; nonce is the one this client sent");
            } else if (fromCode) {
                verdict.append("; no nonce to compare, because the documented request sends none");
            } else {
                verdict.append("; a refresh brings no nonce (§12.2), and its sub is the first id_token's");
            }
            if (claims.getAccessTokenHash() != null) {
                verdict.append("; at_hash matches the access token (§3.1.3.8)");
            }
            return new Decoded(header, claimsJson, true, verdict.append('.').toString(), times);
        } catch (BadJOSEException | JOSEException | InvalidHashException e) {
            return new Decoded(header, claimsJson, false, "NOT verified: " + e.getMessage(), times);
        }
    }

    /**
     * Decodes a JWT access token and checks it the way a resource server would (RFC 9068 §4): the
     * {@code typ} {@code at+jwt}, the signature with the portal's key, {@code iss}, {@code aud} (the
     * portal, its default audience), {@code client_id} and expiry. A real client never needs to: to it
     * an access token is opaque (RFC 9068 §6).
     */
    Decoded verifyJwtAccessToken(Flow flow, String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (java.text.ParseException e) {
            return null;
        }
        String header = Json.pretty(jwt.getHeader().toString());
        String claimsJson = Json.pretty(jwt.getPayload().toString());
        String times = times(jwt);
        JWKSet keys = keys(flow, jwt.getHeader().getKeyID(), "the JWT access token");
        if (keys == null) {
            return new Decoded(header, claimsJson, false, "Not verified: the portal's keys could not be fetched.", times);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(issuer,
                new JWTClaimsSet.Builder().issuer(issuer).claim("client_id", flow.clientId).build(),
                Set.of("sub", "exp", "iat", "jti")));
        try {
            processor.process(jwt, null);
            return new Decoded(header, claimsJson, true, "Checked as the portal's API would (RFC 9068 §4): typ is "
                    + "at+jwt, the RS256 signature with key " + jwt.getHeader().getKeyID() + " from /oauth/jwks, iss "
                    + "and aud are " + issuer + ", client_id is " + flow.clientId + ", and it has not expired. A real "
                    + "client never looks inside: to it an access token is opaque (RFC 9068 §6).", times);
        } catch (BadJOSEException | JOSEException e) {
            return new Decoded(header, claimsJson, false, "NOT verified: " + e.getMessage(), times);
        }
    }

    /**
     * The portal's JWK set: the one this flow fetched before if it has the key {@code kid}, else a
     * fresh GET of {@code /oauth/jwks} (keys rotate), recorded as a step; {@code null} if that fails.
     */
    private JWKSet keys(Flow flow, String kid, String what) {
        if (flow.jwks != null) {
            try {
                JWKSet cached = JWKSet.parse(flow.jwks);
                if (kid != null && cached.getKeyByKeyId(kid) != null) {
                    return cached;
                }
            } catch (java.text.ParseException e) {
                flow.jwks = null;
            }
        }
        String url = apiBase + "/oauth/jwks";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
        String body = send(flow, next(flow) + ". Fetch the portal's public keys",
                "To check the signature of " + what + ", the client needs the key it names (kid " + kid + "): the "
                        + "portal publishes its public keys as a JWK set (RFC 7517). The client keeps them and asks "
                        + "again only for a key it does not know.", request, "GET " + url, null);
        if (body == null) {
            return null;
        }
        try {
            JWKSet keys = JWKSet.parse(body);
            flow.jwks = body;
            return keys;
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    private static boolean looksLikeJwt(String token) {
        return token != null && token.chars().filter(c -> c == '.').count() == 2 && token.startsWith("ey");
    }

    /** {@code iat}, {@code exp} and {@code auth_time} as readable UTC dates. */
    private static String times(SignedJWT jwt) {
        StringBuilder out = new StringBuilder();
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            for (String name : List.of("iat", "exp", "auth_time")) {
                if (claims.getClaim(name) instanceof Date date) {
                    append(out, name, date.toInstant());
                } else if (claims.getClaim(name) instanceof Number seconds) {
                    append(out, name, Instant.ofEpochSecond(seconds.longValue()));
                }
            }
        } catch (java.text.ParseException e) {
            return "";
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String name, Instant when) {
        out.append(out.length() == 0 ? "" : " · ").append(name).append(' ')
                .append(DateTimeFormatter.ISO_INSTANT.format(when));
    }

    private static int next(Flow flow) {
        return flow.steps.size() + 1;
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
            startPage(body, csrf);
        } else {
            synchronized (flow) {
                resultPage(body, csrf, flow);
            }
        }
        Html.send(response, 200, "Demo client", LoginServlet.topBar(request, users), body.toString());
    }

    private void startPage(StringBuilder body, String csrf) {
        body.append("<h2>Sign in with NU.ID</h2>");
        if (clients.isEmpty()) {
            body.append("<p class=\"error\">No client registers the redirect URI <code>http://127.0.0.1"
                    + CALLBACK_PATH + "</code>, so there is nothing to try.</p>");
        }
        for (DemoConfig.ConfiguredClient c : clients) {
            Client client = c.client();
            body.append("<div class=\"card\"><h3>").append(Html.escape(client.name()))
                    .append(" <span class=\"tag\">").append(typeLabel(client.type())).append("</span>");
            if (client.accessTokenFormat() == AccessTokenFormat.JWT) {
                body.append(" <span class=\"tag\">JWT access tokens</span>");
            }
            body.append("</h3><p class=\"muted\">client_id <code>").append(Html.escape(client.clientId()))
                    .append("</code> · scope <code>").append(Html.escape(scope(client))).append("</code> · ")
                    .append(Html.escape(describe(client))).append("</p>")
                    .append("<form method=\"post\" action=\"").append(PATH).append("/start\">").append(csrf)
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

    private void resultPage(StringBuilder body, String csrf, Flow flow) {
        DemoConfig.ConfiguredClient configured = find(flow.clientId);
        boolean confidential = configured != null && configured.client().type() == ClientType.CONFIDENTIAL;
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

    /** A decoded JWT: the verdict, then header and claims side by side. */
    private static void decoded(StringBuilder body, String id, String title, Decoded jwt) {
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
