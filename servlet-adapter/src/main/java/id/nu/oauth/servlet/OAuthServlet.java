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
        answer(result, query, authorizeUrl(request, query), false, request, response);
    }

    /**
     * Turns an authorize result into HTTP. After the consent form's POST, redirects are 303 so the
     * browser follows them with GET and never re-posts the form (RFC 9700 §4.12).
     */
    private void answer(AuthorizeResult result, Map<String, List<String>> params, String returnTo, boolean afterPost,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        int redirectStatus = afterPost ? 303 : 302;
        if (result instanceof AuthorizeResult.Redirect redirect) {
            redirect(response, redirectStatus, redirect.location().toString());
        } else if (result instanceof AuthorizeResult.LoginRequired) {
            redirect(response, redirectStatus, loginUrl(request, returnTo));
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

    private String loginUrl(HttpServletRequest request, String returnTo) {
        String base = loginPage.startsWith("/") ? request.getServletContext().getContextPath() + loginPage : loginPage;
        return base + (base.indexOf('?') >= 0 ? '&' : '?') + "return=" + encode(returnTo);
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
        Collections.sort(scopes);
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
        String returnTo = authorizeUrl(request, form);
        AuthenticatedUser user = users.currentUser(request);
        if (user == null) {
            // Logged out in the meantime: log in again, then see the question again.
            redirect(response, 303, loginUrl(request, returnTo));
            return;
        }
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(form, user).withConsent(decision));
        answer(result, form, returnTo, true, request, response);
    }

    // ---- POST /oauth/token, /oauth/refreshAccessToken, /oauth/revoke -------------------------

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
        Enumeration<String> headers = request.getHeaders("Authorization");
        List<String> authorization = headers == null ? List.of() : Collections.list(headers);
        if (authorization.size() > 1) {
            Json.error(response, 400, "invalid_request", "the Authorization header was sent more than once");
            return;
        }
        EndpointResponse answer = endpoint.apply(
                new EndpointRequest(form, authorization.isEmpty() ? null : authorization.get(0)));
        write(response, answer);
    }

    private static final String TOO_LARGE = "the request body is too large";

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

    private static void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
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
