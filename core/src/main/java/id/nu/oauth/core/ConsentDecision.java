package id.nu.oauth.core;

/**
 * What the user answered on the consent page, if it was shown.
 *
 * <pre>{@code
 * server.authorize(AuthorizeRequest.of(query, user).withConsent(ConsentDecision.APPROVED));
 * }</pre>
 */
public enum ConsentDecision {
    /** The user has not answered (the usual case): the engine asks if consent is needed. */
    NONE,
    /** The user approved the requested scopes; the engine remembers it. */
    APPROVED,
    /** The user declined: the client gets {@code access_denied}. */
    DENIED
}
