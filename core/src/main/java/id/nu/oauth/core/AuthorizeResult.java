package id.nu.oauth.core;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What the authorize endpoint decided: exactly one of five outcomes.
 *
 * <pre>{@code
 * AuthorizeResult r = server.authorize(request);
 * if (r instanceof AuthorizeResult.Redirect x) {              // code or error, to a verified URI
 *     response.sendRedirect(x.location().toString());
 * } else if (r instanceof AuthorizeResult.FormPost x) {       // the same, posted (response_mode=form_post)
 *     x.headers().forEach(response::setHeader);
 *     response.getWriter().write(x.html());
 * } else if (r instanceof AuthorizeResult.LoginRequired x) {   // the host's login page, then back
 *     String back = "/api/oauth/authorize?" + x.returnQuery();
 *     response.sendRedirect("/login?fresh=" + x.reauthenticate() + "&return=" + urlEncode(back));
 * } else if (r instanceof AuthorizeResult.ConsentRequired x) { // ask the user
 *     showConsentPage(x.clientName(), x.scopes());
 * } else if (r instanceof AuthorizeResult.ErrorPage x) {       // never redirect: show it
 *     response.sendError(400, x.error().description());
 * }
 * }</pre>
 */
public sealed interface AuthorizeResult {

    /**
     * Send the browser here: the client's verified redirect URI carrying either {@code code} and
     * {@code state}, or {@code error} and {@code state} (RFC 6749 §4.1.2), with a 302, or a 303
     * when the request was a POST (RFC 9700 §4.12: the browser must not post the form again).
     *
     * @param location where to send the browser
     * @param status 302, or 303 after a POST
     */
    record Redirect(URI location, int status) implements AuthorizeResult {
        public Redirect {
            Objects.requireNonNull(location, "location");
            if (status != 302 && status != 303) {
                throw new IllegalArgumentException("a redirect is 302 or 303");
            }
        }

        /** A 302 redirect. */
        public Redirect(URI location) {
            this(location, 302);
        }

        /** The headers to send with it: {@code Location}, no caching, no referrer. */
        public Map<String, String> headers() {
            return Map.of("Location", location.toString(), "Cache-Control", "no-store", "Pragma", "no-cache",
                    "Referrer-Policy", "no-referrer");
        }
    }

    /**
     * The same answer as a {@link Redirect} (a code, or an error, with {@code state} and
     * {@code iss}) for a request with {@code response_mode=form_post} (OAuth 2.0 Form Post Response
     * Mode §2): a 200 HTML page whose form posts the parameters to the verified redirect URI and
     * submits itself. Write {@link #headers()} and {@link #html()} as they are: the page carries a
     * Content-Security-Policy that allows exactly its own script (by hash), no framing, no caching
     * and no referrer; a browser without JavaScript shows a button.
     *
     * <pre>{@code
     * if (r instanceof AuthorizeResult.FormPost post) {
     *     response.setStatus(post.status());
     *     post.headers().forEach(response::setHeader);
     *     response.getOutputStream().write(post.html().getBytes(StandardCharsets.UTF_8));
     * }
     * }</pre>
     *
     * @param action the client's verified redirect URI, where the form posts to
     * @param parameters the response parameters, in order ({@code code} or {@code error} and
     *     {@code error_description}, then {@code state} and {@code iss})
     */
    record FormPost(URI action, Map<String, String> parameters) implements AuthorizeResult {
        public FormPost {
            Objects.requireNonNull(action, "action");
            parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        }

        /** Always 200: the page itself does the posting. */
        public int status() {
            return 200;
        }

        /**
         * The page's headers: {@code Content-Type} (UTF-8 HTML), a Content-Security-Policy that
         * allows the one script by its hash and nothing else ({@code default-src 'none'},
         * {@code frame-ancestors 'none'}), {@code X-Frame-Options: DENY},
         * {@code Cache-Control: no-store}, {@code Referrer-Policy: no-referrer},
         * {@code X-Content-Type-Options: nosniff}.
         */
        public Map<String, String> headers() {
            return FormPostPage.headers();
        }

        /** The page: a form of hidden fields (every value HTML-escaped) and the script that submits it. */
        public String html() {
            return FormPostPage.html(action, parameters);
        }
    }

    /**
     * The user must log in: send the browser to the host's login page, and after a successful
     * login back to the authorize endpoint with {@link #returnQuery()} (not the original query).
     *
     * <p>Why a rewritten query: the original request may carry {@code prompt=login} or a
     * {@code max_age} (OpenID Connect Core 1.0 §3.1.2.1) that the engine answers with this result
     * even when a user is logged in. The return query is the original one without the
     * {@code login} (and {@code select_account}) {@code prompt} values and without
     * {@code max_age}: a login that has just happened satisfies both, so coming back cannot loop
     * (not even with {@code max_age=0}). Everything else, {@code prompt=consent} included, is
     * kept. The client can check the login's freshness itself: every id_token carries
     * {@code auth_time}.
     *
     * @param reauthenticate whether the user must authenticate again although the host has a
     *     session ({@code prompt=login}, {@code prompt=select_account}, or a session older than
     *     {@code max_age}); the login page must not skip the login form then, and the
     *     {@link AuthenticatedUser#authTime()} it reports afterwards must be the new login's
     * @param returnParameters the parameters to send back to the authorize endpoint after login
     * @param acrValues the authentication context classes the client asked the login to meet
     *     ({@code acr_values} or an {@code acr} claim request, OpenID Connect Core 1.0 §3.1.2.1,
     *     §5.5.1.1), most preferred first; empty when none. The login page should run a login that
     *     meets one and report it with {@link AuthenticatedUser#withAcr(String)}. When the user is
     *     logged in but their login met none, this is a step-up ({@link #reauthenticate()} is then
     *     true); after it, an unmet voluntary request goes on with the acr the login reached, an
     *     unmet essential one ends in {@code unmet_authentication_requirements}.
     */
    record LoginRequired(boolean reauthenticate, Map<String, List<String>> returnParameters, List<String> acrValues)
            implements AuthorizeResult {
        public LoginRequired {
            returnParameters = Params.copyOf(returnParameters);
            acrValues = List.copyOf(acrValues);
        }

        /** A login with no authentication context class asked for. */
        public LoginRequired(boolean reauthenticate, Map<String, List<String>> returnParameters) {
            this(reauthenticate, returnParameters, List.of());
        }

        /** {@link #returnParameters()} as a query string (application/x-www-form-urlencoded, spaces as {@code +}, no '?'). */
        public String returnQuery() {
            StringJoiner query = new StringJoiner("&");
            returnParameters.forEach((name, values) -> {
                for (String value : values) {
                    query.add(encode(name) + "=" + encode(value));
                }
            });
            return query.toString();
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    /**
     * The user must approve these scopes for this client: show the consent page, then repeat the
     * request with {@link ConsentDecision#APPROVED} or {@link ConsentDecision#DENIED}.
     *
     * @param clientId the client's id
     * @param clientName the client's display name
     * @param scopes the scopes requested
     */
    record ConsentRequired(String clientId, String clientName, Set<String> scopes) implements AuthorizeResult {
        public ConsentRequired {
            scopes = Set.copyOf(scopes);
        }
    }

    /**
     * The request cannot be trusted to redirect (unknown client, missing or unregistered
     * {@code redirect_uri}, RFC 6749 §4.1.2.1): show the error to the user with HTTP 400.
     */
    record ErrorPage(OAuthError error) implements AuthorizeResult {
        public ErrorPage {
            Objects.requireNonNull(error, "error");
        }

        /**
         * The status to show the page with: the error's, except that a client the page cannot
         * trust is a 400 (a browser is not the client, so no 401 challenge).
         */
        public int status() {
            return error.errorCode() == ErrorCode.INVALID_CLIENT ? 400 : error.status();
        }

        /** The headers the page goes with: {@code Allow} for a 405, {@code Connection: close} when the body was not read. */
        public Map<String, String> headers() {
            Map<String, String> headers = new java.util.HashMap<>();
            headers.put("Cache-Control", "no-store");
            if (error.errorCode() == ErrorCode.METHOD_NOT_ALLOWED) {
                headers.put("Allow", "GET, POST");
            }
            if (error.errorCode().closesConnection()) {
                headers.put("Connection", "close");
            }
            return Map.copyOf(headers);
        }
    }
}
