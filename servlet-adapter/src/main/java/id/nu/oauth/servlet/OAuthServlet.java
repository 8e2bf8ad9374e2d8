package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.AuthorizeRequest;
import id.nu.oauth.core.AuthorizeResult;
import id.nu.oauth.core.ConsentDecision;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.OAuthError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one servlet behind {@link OAuthEndpoints}: routes by path, turns HTTP into the engine's
 * request values and its results back into HTTP. No OAuth rule lives here.
 */
final class OAuthServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthServlet.class);

    static final String AUTHORIZE = "/oauth/authorize";
    static final String TOKEN = "/oauth/token";
    static final String REFRESH = "/oauth/refreshAccessToken";
    static final String REVOKE = "/oauth/revoke";
    static final String CONSENT = "/oauth/consent";
    static final String INTROSPECT = "/oauth/introspect";
    static final String USERINFO = "/oauth/userinfo";
    static final String JWKS = "/oauth/jwks";
    static final String OAUTH_METADATA = "/.well-known/oauth-authorization-server";
    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

    /** The login page parameter that asks for the login form even when the user has a session. */
    static final String REAUTH_PARAMETER = "reauth";

    /** RFC 7517 §5: verifiers refetch on an unknown kid, so a short cache is enough. */
    static final String JWKS_CACHE = "public, max-age=300";
    /** The metadata documents change only when the configuration does. */
    static final String METADATA_CACHE = "public, max-age=3600";

    private final transient AuthorizationServer server;
    private final transient UserResolver users;
    private final String loginPage;
    private final transient ConsentPage consentPage;
    private final int maxBodyBytes;

    OAuthServlet(AuthorizationServer server, UserResolver users, String loginPage, ConsentPage consentPage,
            int maxBodyBytes) {
        this.server = server;
        this.users = users;
        this.loginPage = loginPage;
        this.consentPage = consentPage;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        try {
            route(request, response);
        } catch (Exception fault) {
            // The one place a fault is logged; the answer never carries it.
            LOG.error("nuid-oauth: {} {} failed; answered server_error", request.getMethod(),
                    request.getRequestURI(), fault);
            if (!response.isCommitted()) {
                try {
                    response.reset();
                    Json.error(response, 500, "server_error", "the authorization server could not complete the request");
                } catch (IOException | RuntimeException unwritable) {
                    LOG.debug("nuid-oauth: could not write the server_error answer", unwritable);
                }
            }
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        String method = request.getMethod();
        if (AUTHORIZE.equals(path)) {
            if (!"GET".equals(method)) {
                methodNotAllowed(response, "GET");
                return;
            }
            authorize(request, response);
        } else if (TOKEN.equals(path) || REFRESH.equals(path) || REVOKE.equals(path)) {
            if (!"POST".equals(method)) {
                methodNotAllowed(response, "POST");
                return;
            }
            Function<EndpointRequest, EndpointResponse> endpoint = TOKEN.equals(path) ? server::token
                    : REFRESH.equals(path) ? server::refreshAccessToken : server::revoke;
            endpoint(request, response, endpoint);
        } else if (CONSENT.equals(path)) {
            if (!"POST".equals(method)) {
                methodNotAllowed(response, "POST");
                return;
            }
            consent(request, response);
        } else if (INTROSPECT.equals(path)) {
            if (!"POST".equals(method)) {
                methodNotAllowed(response, "POST");
                return;
            }
            endpoint(request, response, server::introspect);
        } else if (USERINFO.equals(path)) {
            if (!"GET".equals(method) && !"POST".equals(method)) {
                methodNotAllowed(response, "GET, POST");
                return;
            }
            userinfo(request, response);
        } else if (JWKS.equals(path)) {
            document(method, response, server::jwks, JWKS_CACHE);
        } else if (OAUTH_METADATA.equals(path)) {
            document(method, response, server::authorizationServerMetadata, METADATA_CACHE);
        } else if (OPENID_CONFIGURATION.equals(path)) {
            document(method, response, server::openIdConfiguration, METADATA_CACHE);
        } else {
            Json.error(response, 404, "not_found", "there is no endpoint at this path");
        }
    }

    // ---- GET /oauth/authorize ----------------------------------------------------------------

    private void authorize(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, List<String>> query = FormParser.newMap();
        try {
            FormParser.parseInto(request.getQueryString(), query);
        } catch (FormParser.MalformedForm malformed) {
            errorPage(request, response, new OAuthError("invalid_request", malformed.getMessage()));
            return;
        }
        AuthenticatedUser user = users.currentUser(request);
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(query, user));
        answer(result, query, false, request, response);
    }

    /**
     * Turns an authorize result into HTTP. After the consent form's POST, redirects are 303 so the
     * browser follows them with GET and never re-posts the form (RFC 9700 §4.12).
     */
    private void answer(AuthorizeResult result, Map<String, List<String>> params, boolean afterPost,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        int redirectStatus = afterPost ? 303 : 302;
        if (result instanceof AuthorizeResult.Redirect redirect) {
            redirect(response, redirectStatus, redirect.location().toString());
        } else if (result instanceof AuthorizeResult.LoginRequired login) {
            // Back with the engine's return parameters, not the original ones: they no longer ask
            // for the login that is about to happen (prompt=login, max_age), so no loop.
            redirect(response, redirectStatus,
                    loginUrl(request, authorizeUrl(request, login.returnParameters()), login.reauthenticate()));
        } else if (result instanceof AuthorizeResult.ConsentRequired consent) {
            showConsent(consent, params, request, response);
        } else if (result instanceof AuthorizeResult.ErrorPage page) {
            errorPage(request, response, page.error());
        } else {
            throw new IllegalStateException("unknown authorize result " + result.getClass().getName());
        }
    }

    /**
     * The authorize request's URL as a same-origin path, for the login page to come back to. It is
     * rebuilt from the configured context path, the servlet path and the parsed parameters, never
     * copied from the raw request line, so it is always a plain path {@link ReturnUrls#isSafe}
     * accepts ("//evil.example/../api/oauth/authorize" comes back as "/api/oauth/authorize").
     */
    private static String authorizeUrl(HttpServletRequest request, Map<String, List<String>> params) {
        String query = encodeForm(params);
        return appPath(request) + AUTHORIZE + (query.isEmpty() ? "" : "?" + query);
    }

    /** The context path as configured plus the servlet path: where this servlet is mounted. */
    private static String appPath(HttpServletRequest request) {
        return request.getServletContext().getContextPath() + request.getServletPath();
    }

    /**
     * {@code loginPage?return=<returnTo>}, plus {@code &reauth=1} when the user must authenticate
     * again although logged in ({@link AuthorizeResult.LoginRequired#reauthenticate()}): the login
     * page must then show its form instead of skipping it for an existing session.
     */
    private String loginUrl(HttpServletRequest request, String returnTo, boolean reauthenticate) {
        String base = loginPage.startsWith("/") ? request.getServletContext().getContextPath() + loginPage : loginPage;
        return base + (base.indexOf('?') >= 0 ? '&' : '?') + "return=" + encode(returnTo)
                + (reauthenticate ? "&" + REAUTH_PARAMETER + "=1" : "");
    }

    private void showConsent(AuthorizeResult.ConsentRequired consent, Map<String, List<String>> params,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, List<String>> hidden = FormParser.newMap();
        params.forEach((name, values) -> {
            if (!name.equals(ConsentView.CSRF_FIELD) && !name.equals(ConsentView.DECISION_FIELD)) {
                hidden.put(name, values);
            }
        });
        hidden.put(ConsentView.CSRF_FIELD, List.of(Csrf.token(request)));
        List<String> scopes = new ArrayList<>(consent.scopes());
        // "openid" (who you are) reads best first; the rest in a stable, alphabetical order
        scopes.sort(java.util.Comparator.comparing((String scope) -> !scope.equals("openid"))
                .thenComparing(java.util.Comparator.naturalOrder()));
        String nonce = Html.newNonce();
        ConsentView view = new ConsentView(consent.clientId(), consent.clientName(), scopes,
                appPath(request) + CONSENT, hidden, nonce);
        response.setStatus(200);
        Html.securityHeaders(response, nonce);
        consentPage.render(view, request, response);
    }

    private void errorPage(HttpServletRequest request, HttpServletResponse response, OAuthError error)
            throws IOException {
        Html.Lang lang = Html.language(request);
        boolean serverError = "server_error".equals(error.code());
        Html.messagePage(response, serverError ? 500 : 400, lang,
                lang.pick("Permintaan tidak dapat diproses", "The request cannot be processed"),
                lang.pick("Aplikasi yang membawa Anda ke sini mengirim permintaan masuk yang tidak valid. "
                        + "Kembali ke aplikasi tersebut dan coba lagi.",
                        "The application that sent you here made an invalid sign-in request. "
                        + "Go back to it and try again."),
                error.code() + ": " + error.description());
    }

    // ---- POST /oauth/consent -----------------------------------------------------------------

    private void consent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Html.Lang lang = Html.language(request);
        Map<String, List<String>> form = FormParser.newMap();
        String problem = readForm(request, form);
        if (problem != null) {
            if (problem.equals(TOO_LARGE)) {
                response.setHeader("Connection", "close"); // the rest of the body is not read
            }
            Html.messagePage(response, problem.equals(TOO_LARGE) ? 413 : 400, lang,
                    lang.pick("Permintaan tidak valid", "Invalid request"), problem, null);
            return;
        }
        List<String> token = form.remove(ConsentView.CSRF_FIELD);
        // The token is the defence; Fetch Metadata is a second one where the browser sends it.
        boolean crossSite = "cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
        if (crossSite || !Csrf.matches(request, token)) {
            LOG.warn("nuid-oauth: consent form refused: missing or wrong CSRF token, or a cross-site post");
            Html.messagePage(response, 403, lang, lang.pick("Akses ditolak", "Forbidden"),
                    lang.pick("Formulir ini sudah kedaluwarsa atau tidak berasal dari halaman ini. "
                            + "Kembali ke aplikasi dan coba lagi.",
                            "This form has expired or did not come from this page. "
                            + "Go back to the application and try again."), null);
            return;
        }
        List<String> decisions = form.remove(ConsentView.DECISION_FIELD);
        ConsentDecision decision = null;
        if (decisions != null && decisions.size() == 1) {
            decision = ConsentView.APPROVE.equals(decisions.get(0)) ? ConsentDecision.APPROVED
                    : ConsentView.DENY.equals(decisions.get(0)) ? ConsentDecision.DENIED : null;
        }
        if (decision == null) {
            Html.messagePage(response, 400, lang, lang.pick("Permintaan tidak valid", "Invalid request"),
                    lang.pick("Pilih Izinkan atau Tolak.", "Choose Allow or Deny."), null);
            return;
        }
        // Logged out in the meantime (no user): the engine answers LoginRequired, and the user
        // logs in again and sees the question again.
        AuthenticatedUser user = users.currentUser(request);
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(form, user).withConsent(decision));
        answer(result, form, true, request, response);
    }

    // ---- GET and POST /oauth/userinfo ---------------------------------------------------------

    /**
     * OpenID Connect Core 1.0 §5.3.1: the token in the {@code Authorization} header, or on a POST
     * in the form body (RFC 6750 §2.2). The query is never a place for it (RFC 6750 §2.3 is not
     * supported, RFC 9700 §4.3.2): an {@code access_token} query parameter is refused, other
     * query parameters are ignored. A GET passes no parameters to the engine.
     */
    private void userinfo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, List<String>> query = FormParser.newMap();
        try {
            FormParser.parseInto(request.getQueryString(), query);
        } catch (FormParser.MalformedForm malformed) {
            Bearer.challenge(response, realm(), 400, "invalid_request", malformed.getMessage());
            return;
        }
        if (query.containsKey("access_token")) {
            Bearer.challenge(response, realm(), 400, "invalid_request",
                    "send the access token in the Authorization header, not in the URL (RFC 6750 §2.1)");
            return;
        }
        Map<String, List<String>> form = FormParser.newMap();
        if ("POST".equals(request.getMethod())) {
            String problem = readBody(request, form);
            if (problem != null) {
                if (problem.equals(TOO_LARGE)) {
                    response.setHeader("Connection", "close"); // the rest of the body is not read
                }
                Bearer.challenge(response, realm(), problem.equals(TOO_LARGE) ? 413 : 400, "invalid_request", problem);
                return;
            }
        }
        List<String> authorization = authorizationHeaders(request);
        if (authorization.size() > 1) {
            Bearer.challenge(response, realm(), 400, "invalid_request", "the Authorization header was sent more than once");
            return;
        }
        write(response, server.userinfo(new EndpointRequest(form, authorization.isEmpty() ? null : authorization.get(0))));
    }

    /**
     * The body of a POST without its query: a UTF-8 form, or nothing at all (a POST with only an
     * {@code Authorization} header may come without a {@code Content-Type}).
     */
    private String readBody(HttpServletRequest request, Map<String, List<String>> into) throws IOException {
        try {
            if (request.getContentType() == null) {
                String body = FormParser.readBody(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
                return body.isEmpty() ? null : "the body must be application/x-www-form-urlencoded in UTF-8";
            }
            if (!FormParser.isUtf8Form(request.getContentType())) {
                FormParser.drain(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
                return "the body must be application/x-www-form-urlencoded in UTF-8";
            }
            FormParser.parseInto(FormParser.readBody(request.getInputStream(), request.getContentLengthLong(),
                    maxBodyBytes), into);
            return null;
        } catch (FormParser.TooLarge tooLarge) {
            return TOO_LARGE;
        } catch (FormParser.MalformedForm malformed) {
            return malformed.getMessage();
        }
    }

    private String realm() {
        return server.issuer().toString();
    }

    // ---- GET /oauth/jwks and the metadata documents -------------------------------------------

    /** A public JSON document: GET or HEAD, cacheable by anyone for {@code cacheControl}. */
    static void document(String method, HttpServletResponse response, Supplier<String> body,
            String cacheControl) throws IOException {
        boolean head = "HEAD".equals(method);
        if (!"GET".equals(method) && !head) {
            methodNotAllowed(response, "GET, HEAD");
            return;
        }
        byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", cacheControl);
        response.setHeader("X-Content-Type-Options", "nosniff");
        // Public documents without credentials: browser-based clients on other origins read them to
        // discover the server and verify tokens (OpenID Connect Discovery 1.0 §4, RFC 8414 §3).
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setContentLength(bytes.length);
        if (!head) {
            response.getOutputStream().write(bytes);
        }
    }

    // ---- POST /oauth/token, /oauth/refreshAccessToken, /oauth/revoke, /oauth/introspect --------

    private void endpoint(HttpServletRequest request, HttpServletResponse response,
            Function<EndpointRequest, EndpointResponse> endpoint) throws IOException {
        Map<String, List<String>> form = FormParser.newMap();
        String problem = readForm(request, form);
        if (problem != null) {
            if (problem.equals(TOO_LARGE)) {
                response.setHeader("Connection", "close"); // the rest of the body is not read
            }
            Json.error(response, problem.equals(TOO_LARGE) ? 413 : 400, "invalid_request", problem);
            return;
        }
        List<String> authorization = authorizationHeaders(request);
        if (authorization.size() > 1) {
            Json.error(response, 400, "invalid_request", "the Authorization header was sent more than once");
            return;
        }
        EndpointResponse answer = endpoint.apply(
                new EndpointRequest(form, authorization.isEmpty() ? null : authorization.get(0)));
        write(response, answer);
    }

    private static final String TOO_LARGE = "the request body is too large";

    private static List<String> authorizationHeaders(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        return headers == null ? List.of() : Collections.list(headers);
    }

    /**
     * Reads the query and the form body into {@code into}, all values of every name kept.
     *
     * @return {@code null}, or a problem safe to show ({@link #TOO_LARGE} for an oversized body)
     */
    private String readForm(HttpServletRequest request, Map<String, List<String>> into) throws IOException {
        if (!FormParser.isUtf8Form(request.getContentType())) {
            // Read what was sent (within the cap) so the connection stays usable for the next request.
            try {
                FormParser.drain(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
            } catch (FormParser.TooLarge tooLarge) {
                return TOO_LARGE;
            }
            return "the body must be application/x-www-form-urlencoded in UTF-8";
        }
        try {
            FormParser.parseInto(request.getQueryString(), into);
            String body = FormParser.readBody(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
            FormParser.parseInto(body, into);
            return null;
        } catch (FormParser.TooLarge tooLarge) {
            return TOO_LARGE;
        } catch (FormParser.MalformedForm malformed) {
            return malformed.getMessage();
        }
    }

    // ---- writing -----------------------------------------------------------------------------

    static void write(HttpServletResponse response, EndpointResponse answer) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (!answer.headers().containsKey("Cache-Control")) {
            response.setHeader("Cache-Control", "no-store");
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        if (body.length > 0) {
            response.getOutputStream().write(body);
        }
    }

    private static void redirect(HttpServletResponse response, int status, String location) {
        response.setStatus(status);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentLength(0);
    }

    static void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        Json.error(response, 405, "invalid_request", "this endpoint accepts " + allow + " only");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String encodeForm(Map<String, List<String>> form) {
        StringBuilder out = new StringBuilder();
        form.forEach((name, values) -> values.forEach(value -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encode(name)).append('=').append(encode(value));
        }));
        return out.toString();
    }
}
