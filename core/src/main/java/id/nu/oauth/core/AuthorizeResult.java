package id.nu.oauth.core;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * What the authorize endpoint decided: exactly one of four outcomes.
 *
 * <pre>{@code
 * AuthorizeResult r = server.authorize(request);
 * if (r instanceof AuthorizeResult.Redirect x) {              // code or error, to a verified URI
 *     response.sendRedirect(x.location().toString());
 * } else if (r instanceof AuthorizeResult.LoginRequired) {     // the host's login page
 *     response.sendRedirect("/login?return=" + thisRequestUrl);
 * } else if (r instanceof AuthorizeResult.ConsentRequired x) { // ask the user
 *     showConsentPage(x.clientName(), x.scopes());
 * } else if (r instanceof AuthorizeResult.ErrorPage x) {       // never redirect: show it
 *     response.sendError(400, x.error().description());
 * }
 * }</pre>
 */
public sealed interface AuthorizeResult {

    /**
     * Send the browser here with a 302: the client's verified redirect URI carrying either
     * {@code code} and {@code state}, or {@code error} and {@code state} (RFC 6749 §4.1.2).
     */
    record Redirect(URI location) implements AuthorizeResult {
        public Redirect {
            Objects.requireNonNull(location, "location");
        }
    }

    /** No user is logged in: send the browser to the host's login page, then back to this request. */
    record LoginRequired() implements AuthorizeResult {
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
    }
}
