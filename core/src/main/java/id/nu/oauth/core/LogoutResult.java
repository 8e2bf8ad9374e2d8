package id.nu.oauth.core;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the end-session endpoint decided (OpenID Connect RP-Initiated Logout 1.0): exactly one of
 * three outcomes.
 *
 * <pre>{@code
 * LogoutResult r = server.endSession(LogoutRequest.of(request, currentUserOrNull));
 * if (r instanceof LogoutResult.LoggedOut x) {
 *     if (x.endedSession() != null) { portal.endSession(); }     // the host's own session too
 *     if (x.redirect() != null) { response.sendRedirect(x.redirect().toString()); }
 *     else { showSignedOutPage(); }
 * } else if (r instanceof LogoutResult.ConfirmationRequired x) {
 *     showConfirmationPage(x.clientName(), x.parameters());        // POSTs back, CSRF-protected
 * } else if (r instanceof LogoutResult.ErrorPage x) {
 *     response.sendError(x.status(), x.error().description());      // never a redirect
 * }
 * }</pre>
 */
public sealed interface LogoutResult {

    /**
     * The logout is done: the user's login session was ended at the engine (its grants revoked, its
     * clients told through the back channel) if there was one; the host now ends its own session.
     *
     * @param endedSession the user whose session ended, or {@code null} when no one was logged in
     * @param redirect the client's registered {@code post_logout_redirect_uri} with {@code state}
     *     (RP-Initiated Logout 1.0 §3), or {@code null}: show a "signed out" page instead
     * @param status 302, or 303 after a POST
     * @param uiLocales the {@code ui_locales} the client asked for, or {@code null}
     */
    record LoggedOut(AuthenticatedUser endedSession, URI redirect, int status, String uiLocales)
            implements LogoutResult {
        public LoggedOut {
            if (status != 302 && status != 303) {
                throw new IllegalArgumentException("a redirect is 302 or 303");
            }
        }

        /** The headers of the redirect: {@code Location}, no caching, no referrer; empty without a redirect. */
        public Map<String, String> headers() {
            return redirect == null ? Map.of() : Map.of("Location", redirect.toString(), "Cache-Control", "no-store",
                    "Pragma", "no-cache", "Referrer-Policy", "no-referrer");
        }
    }

    /**
     * Ask the user whether to sign out (RP-Initiated Logout 1.0 §2, §6: without a valid
     * {@code id_token_hint} for the current session, a logout could have been forged by another
     * site). Show a page that POSTs {@link #parameters()} back to the end-session endpoint with a
     * CSRF token; when it comes back checked, call {@link LogoutRequest#confirmed()}.
     *
     * @param clientName the name of the client that asked, or {@code null} when it is not known
     * @param parameters the request's parameters, to send back with the confirmation
     * @param uiLocales the {@code ui_locales} the client asked for, or {@code null}
     */
    record ConfirmationRequired(String clientName, Map<String, List<String>> parameters, String uiLocales)
            implements LogoutResult {
        public ConfirmationRequired {
            parameters = Params.copyOf(parameters);
        }
    }

    /**
     * The request is bad (an invalid or foreign {@code id_token_hint}, an unknown client, an
     * unregistered {@code post_logout_redirect_uri}): show the error, never redirect.
     */
    record ErrorPage(OAuthError error) implements LogoutResult {
        public ErrorPage {
            Objects.requireNonNull(error, "error");
        }

        /** The status to show the page with: the error's (a browser is not the client, so never a 401). */
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
