package id.nu.oauth.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An authorization request (RFC 6749 §4.1.1) as the engine sees it: the query parameters, the
 * user the host has logged in (or none), and the user's answer on the consent page.
 *
 * <pre>{@code
 * AuthorizeRequest request = AuthorizeRequest.of(Map.of(
 *         "response_type", List.of("code"),
 *         "client_id", List.of("mobile-app"),
 *         "state", List.of("xyz")), currentUserOrNull);
 * }</pre>
 *
 * @param parameters every parameter with all its values, so duplicates can be refused
 * @param user the logged-in user, or {@code null}
 * @param consent the user's consent answer
 */
public record AuthorizeRequest(Map<String, List<String>> parameters, AuthenticatedUser user,
        ConsentDecision consent) {

    public AuthorizeRequest {
        parameters = Params.copyOf(parameters);
        Objects.requireNonNull(consent, "consent");
    }

    /** A request with no consent answer. */
    public static AuthorizeRequest of(Map<String, List<String>> parameters, AuthenticatedUser user) {
        return new AuthorizeRequest(parameters, user, ConsentDecision.NONE);
    }

    /** The same request carrying the user's consent answer. */
    public AuthorizeRequest withConsent(ConsentDecision decision) {
        return new AuthorizeRequest(parameters, user, decision);
    }
}
