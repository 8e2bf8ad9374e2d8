package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.AuthorizeRequest;
import id.nu.oauth.core.AuthorizeResult;
import id.nu.oauth.core.ConsentDecision;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.Endpoints;
import id.nu.oauth.core.ErrorCode;
import id.nu.oauth.core.LogoutRequest;
import id.nu.oauth.core.LogoutResult;
import id.nu.oauth.core.OAuthError;
import id.nu.oauth.core.RequestScope;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one servlet behind {@link OAuthEndpoints}: copies each request into the engine's
 * {@link EndpointRequest}, calls the engine, and writes its answer. The authorization endpoint's
 * answers that need a browser (the login hand-off, the consent page, the error page) are rendered
 * here; no OAuth rule lives here.
 */
final class OAuthServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthServlet.class);

    /** The default consent page's form target (the adapter's own page, not an OAuth endpoint). */
    static final String CONSENT = "/oauth/consent";

    /** The login page parameter that asks for the login form even when the user has a session. */
    static final String REAUTH_PARAMETER = "reauth";

    /** The login page parameter naming the authentication context classes the login should meet. */
    static final String ACR_PARAMETER = "acr_values";

    private final transient AuthorizationServer server;
    private final transient UserResolver users;
    private final String loginPage;
    private final transient ConsentPage consentPage;
    private final transient Pages pages;
    private final transient LogoutHandler logoutHandler;

    /** The logout confirmation form's button: its presence on a POST is the user's "yes". */
    static final String LOGOUT_CONFIRM_FIELD = "nuid_logout_confirm";

    OAuthServlet(AuthorizationServer server, UserResolver users, String loginPage, ConsentPage consentPage,
            Pages pages, LogoutHandler logoutHandler, String certificateHeader) {
        this.server = server;
        this.certificateHeader = certificateHeader;
        this.users = users;
        this.loginPage = loginPage;
        this.consentPage = consentPage;
        this.pages = pages;
        this.logoutHandler = logoutHandler;
    }

    /** The header a TLS-terminating proxy puts the client certificate in, or {@code null} (off). */
    private final String certificateHeader;

    /** The request attribute that holds the exchange's correlation id, for the pages. */
    static final String CORRELATION_ATTRIBUTE = "id.nu.oauth.correlationId";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        // One correlation id for the whole exchange: in the MDC while it runs, in a header, on the pages.
        try (RequestScope scope = server.requestScope()) {
            request.setAttribute(CORRELATION_ATTRIBUTE, scope.correlationId());
            response.setHeader(RequestScope.HEADER, scope.correlationId());
            exchange(request, response, scope.correlationId());
        }
    }

    private void exchange(HttpServletRequest request, HttpServletResponse response, String correlationId) {
        try {
            EndpointRequest http = Exchange.read(request, server.maxRequestBodyBytes(), certificateHeader);
            String path = request.getPathInfo();
            if (Endpoints.AUTHORIZE.equals(path)) {
                AuthorizeRequest authorize = AuthorizeRequest.of(http, users.currentUser(request));
                answer(server.authorize(authorize), authorize, request, response);
            } else if (CONSENT.equals(path)) {
                consent(http, request, response);
            } else if (Endpoints.END_SESSION.equals(path)) {
                logout(http, request, response);
            } else {
                Exchange.write(response, server.handle(http));
            }
        } catch (IOException unwritable) {
            // the client went away while the answer was written: nothing to answer, nothing wrong here
            LOG.debug("nuid-oauth: {} {}: the response could not be written", request.getMethod(),
                    request.getRequestURI(), unwritable);
        } catch (RuntimeException fault) {
            // The one place a fault of the host's code (user resolver, consent page) is logged; the
            // answer never carries it.
            LOG.error("nuid-oauth: {} {} failed; answered server_error", request.getMethod(),
                    request.getRequestURI(), fault);
            if (!response.isCommitted()) {
                try {
                    response.reset();
                    response.setHeader(RequestScope.HEADER, correlationId);
                    Exchange.write(response, EndpointResponse.error(OAuthError.serverError()));
                } catch (IOException | RuntimeException unwritable) {
                    LOG.debug("nuid-oauth: could not write the server_error answer", unwritable);
                }
            }
        }
    }

    // ---- the authorization endpoint's browser answers ---------------------------------------------

    private void answer(AuthorizeResult result, AuthorizeRequest asked, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (result instanceof AuthorizeResult.Redirect redirect) {
            if (tooLong(redirect.location().toString())) {
                errorPage(TOO_LONG_TO_REDIRECT, asked.parameters(), request, response);
                return;
            }
            Exchange.write(response, redirect.status(), redirect.headers(), "");
        } else if (result instanceof AuthorizeResult.FormPost post) {
            Exchange.write(response, post.status(), post.headers(), post.html());
        } else if (result instanceof AuthorizeResult.LoginRequired login) {
            // Back with the engine's return parameters: they bind the login that is about to happen
            // (prompt=login, max_age) to its time, so neither a loop nor a skipped login.
            String back = appPath(request) + Endpoints.AUTHORIZE + "?" + login.returnQuery();
            String location = loginUrl(request, back, login.reauthenticate(), login.acrValues());
            if (tooLong(location)) {
                errorPage(TOO_LONG_TO_REDIRECT, asked.parameters(), request, response);
                return;
            }
            Exchange.write(response, "POST".equals(request.getMethod()) ? 303 : 302,
                    Map.of("Location", location, "Cache-Control", "no-store", "Referrer-Policy", "no-referrer"), "");
        } else if (result instanceof AuthorizeResult.ConsentRequired consent) {
            showConsent(consent, asked, request, response);
        } else if (result instanceof AuthorizeResult.ErrorPage page) {
            errorPage(page, asked.parameters(), request, response);
        } else {
            throw new IllegalStateException("unknown authorize result " + result.getClass().getName());
        }
    }

    /**
     * The longest {@code Location} this servlet sends. The login hand-off carries the whole authorize
     * request encoded once more, so it can be about three times the request; a response head over
     * 8 KiB is a 500 on Tomcat (its default {@code maxHttpResponseHeaderSize}) and is cut or refused
     * by browsers and proxies. Longer answers are a 414 error page instead: such a request can be
     * pushed first (RFC 9126), which leaves only {@code client_id} and {@code request_uri} in the URL.
     */
    static final int MAX_LOCATION_LENGTH = 6 * 1024;

    private static final AuthorizeResult.ErrorPage TOO_LONG_TO_REDIRECT = new AuthorizeResult.ErrorPage(
            OAuthError.of(ErrorCode.URI_TOO_LONG, "the authorization request is too long to redirect with; "
                    + "push it first (RFC 9126) or send fewer or shorter parameters"));

    private static boolean tooLong(String location) {
        return location != null && location.length() > MAX_LOCATION_LENGTH;
    }

    /** The context path as configured plus the servlet path: where this servlet is mounted. */
    private static String appPath(HttpServletRequest request) {
        return request.getServletContext().getContextPath() + request.getServletPath();
    }

    /**
     * {@code loginPage?return=<returnTo>}, plus {@code &reauth=1} when the user must authenticate
     * again although logged in: the login page should show its form instead of skipping it (and if
     * it does not, the engine asks again); plus {@code &acr_values=...} (space-separated, most
     * preferred first) when the client asked for authentication context classes.
     */
    private String loginUrl(HttpServletRequest request, String returnTo, boolean reauthenticate,
            List<String> acrValues) {
        String base = loginPage.startsWith("/") ? request.getServletContext().getContextPath() + loginPage : loginPage;
        return base + (base.indexOf('?') >= 0 ? '&' : '?') + "return="
                + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)
                + (reauthenticate ? "&" + REAUTH_PARAMETER + "=1" : "")
                + (acrValues.isEmpty() ? "" : "&" + ACR_PARAMETER + "="
                        + URLEncoder.encode(String.join(" ", acrValues), StandardCharsets.UTF_8));
    }

    private void showConsent(AuthorizeResult.ConsentRequired consent, AuthorizeRequest asked,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, List<String>> parameters = asked.parameters();
        Map<String, List<String>> hidden = new LinkedHashMap<>(parameters);
        hidden.remove(ConsentView.CSRF_FIELD);
        hidden.remove(ConsentView.DECISION_FIELD);
        hidden.put(ConsentView.CSRF_FIELD, List.of(Csrf.token(request)));
        List<String> scopes = new ArrayList<>(consent.scopes());
        // "openid" (who you are) reads best first; the rest in a stable, alphabetical order
        scopes.sort(Comparator.comparing((String scope) -> !scope.equals("openid"))
                .thenComparing(Comparator.naturalOrder()));
        String nonce = Html.newNonce();
        ConsentView view = new ConsentView(consent.clientId(), consent.clientName(), scopes,
                appPath(request) + CONSENT, hidden, nonce, pages.locale(request, parameters),
                pages.displayName(request, asked.user()));
        response.setStatus(200);
        pages.securityHeaders(response, nonce);
        consentPage.render(view, request, response);
    }

    /**
     * The authorize error page: a sentence for the error code in the user's language, what to do,
     * and the engine's (English) description as a technical detail below.
     */
    private void errorPage(AuthorizeResult.ErrorPage page, Map<String, List<String>> parameters,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        page.headers().forEach(response::setHeader);
        Locale lang = pages.locale(request, parameters);
        String sentence = pages.messages.text(lang, "error." + page.error().errorCode().name());
        String message = (sentence != null ? sentence : pages.text(lang, "error.INVALID_REQUEST"))
                + " " + pages.text(lang, "page.error.hint");
        pages.messagePage(request, response, page.status(), lang, pages.text(lang, "page.error.title"), message,
                pages.text(lang, "page.error.detail"), page.error().code() + ": " + page.error().description());
    }

    // ---- GET or POST /oauth/logout (OpenID Connect RP-Initiated Logout 1.0) -------------------------

    private void logout(EndpointRequest http, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        AuthenticatedUser user = users.currentUser(request);
        LogoutRequest asked = LogoutRequest.of(http, user);
        Map<String, List<String>> parameters = asked.parameters();
        if (parameters.containsKey(LOGOUT_CONFIRM_FIELD) || parameters.containsKey(ConsentView.CSRF_FIELD)) {
            // the confirmation form: a POST from this page with the session's CSRF token
            Locale lang = pages.locale(request, parameters);
            boolean crossSite = "cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
            if (!"POST".equals(http.method()) || crossSite
                    || !Csrf.matches(request, parameters.get(ConsentView.CSRF_FIELD))) {
                LOG.warn("nuid-oauth: logout confirmation refused: missing or wrong CSRF token, or not a same-site POST");
                pages.messagePage(request, response, 403, lang, pages.text(lang, "page.forbidden.title"),
                        pages.text(lang, "page.forbidden.message"), null, null);
                return;
            }
            asked = asked.without(LOGOUT_CONFIRM_FIELD, ConsentView.CSRF_FIELD).confirmed();
        }
        LogoutResult result = server.endSession(asked);
        if (result instanceof LogoutResult.LoggedOut out) {
            if (out.endedSession() != null) {
                logoutHandler.endSession(request, response, out.endedSession());
            }
            if (out.redirect() != null) {
                Exchange.write(response, out.status(), out.headers(), "");
            } else {
                Locale lang = pages.locale(request, asked.parameters());
                pages.messagePage(request, response, 200, lang, pages.text(lang, "loggedout.title"),
                        pages.text(lang, "loggedout.message", pages.portalName()), null, null);
            }
        } else if (result instanceof LogoutResult.ConfirmationRequired confirm) {
            confirmLogout(confirm, user, request, response);
        } else if (result instanceof LogoutResult.ErrorPage page) {
            AuthorizeResult.ErrorPage same = new AuthorizeResult.ErrorPage(page.error());
            errorPage(same, asked.parameters(), request, response);
        } else {
            throw new IllegalStateException("unknown logout result " + result.getClass().getName());
        }
    }

    /** The confirmation page: the question, who is signed in, and a CSRF-protected "sign out" form. */
    private void confirmLogout(LogoutResult.ConfirmationRequired confirm, AuthenticatedUser user,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        Locale lang = pages.locale(request, confirm.parameters());
        String nonce = Html.newNonce();
        String title = pages.text(lang, "logout.title");
        StringBuilder page = new StringBuilder(4096);
        page.append(pages.head(request, lang, title, nonce));
        page.append("<h1 id=\"logout-title\">").append(Html.escape(title)).append("</h1>\n<p>");
        String portal = "<bdi>" + Html.escape(pages.portalName()) + "</bdi>";
        if (confirm.clientName() != null) {
            page.append(Messages.fill(Html.escape(pages.text(lang, "logout.questionFrom")),
                    "<strong><bdi>" + Html.escape(confirm.clientName()) + "</bdi></strong>", portal));
        } else {
            page.append(Messages.fill(Html.escape(pages.text(lang, "logout.question")), portal));
        }
        page.append("</p>\n<form method=\"post\" action=\"")
                .append(Html.escape(appPath(request) + Endpoints.END_SESSION))
                .append("\" aria-labelledby=\"logout-title\">\n");
        Map<String, List<String>> hidden = new LinkedHashMap<>(confirm.parameters());
        hidden.remove(LOGOUT_CONFIRM_FIELD);
        hidden.put(ConsentView.CSRF_FIELD, List.of(Csrf.token(request)));
        for (Map.Entry<String, List<String>> field : hidden.entrySet()) {
            for (String value : field.getValue()) {
                page.append("<input type=\"hidden\" name=\"").append(Html.escape(field.getKey()))
                        .append("\" value=\"").append(Html.escape(value)).append("\">\n");
            }
        }
        page.append("<div class=\"actions\">\n<button type=\"submit\" class=\"approve\" name=\"")
                .append(LOGOUT_CONFIRM_FIELD).append("\" value=\"yes\">")
                .append(Html.escape(pages.text(lang, "logout.confirm"))).append("</button>\n</div>\n</form>\n");
        String name = pages.displayName(request, user);
        if (name != null) {
            page.append("<p class=\"muted\" id=\"signed-in\">").append(Messages.fill(
                    Html.escape(pages.text(lang, "consent.signedInAs")),
                    "<strong><bdi>" + Html.escape(name) + "</bdi></strong>")).append("</p>\n");
        }
        page.append("</main>\n</body>\n</html>\n");
        response.setStatus(200);
        pages.securityHeaders(response, nonce);
        Html.write(response, page.toString());
    }

    // ---- POST /oauth/consent -----------------------------------------------------------------------

    private void consent(EndpointRequest http, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!"POST".equals(http.method())) {
            EndpointResponse refused = EndpointResponse.error(OAuthError.of(ErrorCode.METHOD_NOT_ALLOWED,
                    "the consent form is posted"));
            Map<String, String> headers = new LinkedHashMap<>(refused.headers());
            headers.put("Allow", "POST");
            Exchange.write(response, refused.status(), headers, refused.body());
            return;
        }
        AuthorizeRequest form = AuthorizeRequest.of(http, users.currentUser(request));
        if (form.parameters().isEmpty()) {
            answer(server.authorize(form), form, request, response); // the engine says what is wrong with the body
            return;
        }
        Locale lang = pages.locale(request, form.parameters());
        // The token is the defence; Fetch Metadata is a second one where the browser sends it.
        boolean crossSite = "cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
        if (crossSite || !Csrf.matches(request, form.parameters().get(ConsentView.CSRF_FIELD))) {
            LOG.warn("nuid-oauth: consent form refused: missing or wrong CSRF token, or a cross-site post");
            pages.messagePage(request, response, 403, lang, pages.text(lang, "page.forbidden.title"),
                    pages.text(lang, "page.forbidden.message"), null, null);
            return;
        }
        List<String> decisions = form.parameters().get(ConsentView.DECISION_FIELD);
        ConsentDecision decision = null;
        if (decisions != null && decisions.size() == 1) {
            decision = ConsentView.APPROVE.equals(decisions.get(0)) ? ConsentDecision.APPROVED
                    : ConsentView.DENY.equals(decisions.get(0)) ? ConsentDecision.DENIED : null;
        }
        if (decision == null) {
            pages.messagePage(request, response, 400, lang, pages.text(lang, "page.invalid.title"),
                    pages.text(lang, "page.invalid.message"), null, null);
            return;
        }
        // Logged out in the meantime (no user): the engine answers LoginRequired, and the user logs
        // in again and sees the question again.
        AuthorizeRequest answered = form.without(ConsentView.CSRF_FIELD, ConsentView.DECISION_FIELD)
                .withConsent(decision);
        answer(server.authorize(answered), answered, request, response);
    }
}
