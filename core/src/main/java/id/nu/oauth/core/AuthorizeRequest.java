package id.nu.oauth.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An authorization request (RFC 6749 §4.1.1) as the engine sees it: its parameters (from the query
 * of a GET, or the form body of a POST, OpenID Connect Core 1.0 §3.1.2.1), the user the host has
 * logged in (or none), and the user's answer on the consent page.
 *
 * <pre>{@code
 * // from HTTP: the engine reads the query or the body, and refuses other methods
 * AuthorizeRequest request = AuthorizeRequest.of(endpointRequest, currentUserOrNull);
 * // or from parameters the host already holds (tests, the consent form)
 * AuthorizeRequest same = AuthorizeRequest.of(Map.of(
 *         "response_type", List.of("code"),
 *         "client_id", List.of("mobile-app"),
 *         "state", List.of("xyz")), currentUserOrNull);
 * }</pre>
 */
public final class AuthorizeRequest {

    private static final List<String> METHODS = List.of("GET", "POST");

    private final Map<String, List<String>> parameters;
    private final AuthenticatedUser user;
    private final ConsentDecision consent;
    private final boolean post;
    private final OAuthError problem;
    private final EndpointRequest http;

    private AuthorizeRequest(Map<String, List<String>> parameters, AuthenticatedUser user, ConsentDecision consent,
            boolean post, OAuthError problem) {
        this(parameters, user, consent, post, problem, null);
    }

    private AuthorizeRequest(Map<String, List<String>> parameters, AuthenticatedUser user, ConsentDecision consent,
            boolean post, OAuthError problem, EndpointRequest http) {
        this.http = http;
        this.parameters = Params.copyOf(parameters);
        this.user = user;
        this.consent = Objects.requireNonNull(consent, "consent");
        this.post = post;
        this.problem = problem;
    }

    /** A request from parameters the host has read itself (every value of each), with no consent answer. */
    public static AuthorizeRequest of(Map<String, List<String>> parameters, AuthenticatedUser user) {
        return new AuthorizeRequest(parameters, user, ConsentDecision.NONE, false, null);
    }

    /**
     * A request from HTTP: a GET's query, or a POST's {@code application/x-www-form-urlencoded}
     * UTF-8 body (OpenID Connect Core 1.0 §3.1.2.1: the endpoint MUST support both). Any other
     * method, or a body that cannot be read, makes {@link AuthorizationServer#authorize} answer an
     * {@link AuthorizeResult.ErrorPage} (405 with {@code Allow: GET, POST}, 413, 415 or 400).
     */
    public static AuthorizeRequest of(EndpointRequest http, AuthenticatedUser user) {
        AuthorizeRequest read = read(http, user, DEFAULT_EDGE);
        return new AuthorizeRequest(read.parameters, user, read.consent, read.post, read.problem, http);
    }

    private static final HttpEdge DEFAULT_EDGE = new HttpEdge(AuthorizationServer.DEFAULT_MAX_BODY_BYTES);

    static AuthorizeRequest read(EndpointRequest http, AuthenticatedUser user, HttpEdge edge) {
        Objects.requireNonNull(http, "http");
        boolean post = "POST".equals(http.method());
        OAuthError method = HttpEdge.methodProblem(http, METHODS);
        if (method != null) {
            return new AuthorizeRequest(Map.of(), user, ConsentDecision.NONE, post, method);
        }
        Checked<Map<String, List<String>>> read = post ? edge.body(http) : HttpEdge.query(http);
        if (read instanceof Checked.Failed<Map<String, List<String>>> failed) {
            return new AuthorizeRequest(Map.of(), user, ConsentDecision.NONE, post, failed.error());
        }
        return new AuthorizeRequest(((Checked.Ok<Map<String, List<String>>>) read).value(), user,
                ConsentDecision.NONE, post, null);
    }

    /** The same request carrying the user's consent answer. */
    public AuthorizeRequest withConsent(ConsentDecision decision) {
        return new AuthorizeRequest(parameters, user, decision, post, problem, http);
    }

    /**
     * This request as the engine reads it with its own body cap: read again from HTTP when it came
     * from there (and was not changed since), else as it is.
     */
    AuthorizeRequest readWith(HttpEdge edge) {
        if (http == null || edge.maxBodyBytes() == AuthorizationServer.DEFAULT_MAX_BODY_BYTES) {
            return this;
        }
        return read(http, user, edge).withConsent(consent);
    }

    /** The same request without these parameters (for example the consent form's own fields). */
    public AuthorizeRequest without(String... names) {
        Map<String, List<String>> kept = new java.util.LinkedHashMap<>(parameters);
        for (String name : names) {
            kept.remove(name);
        }
        return new AuthorizeRequest(kept, user, consent, post, problem);
    }

    /** Every parameter with all its values, so duplicates can be refused; empty when the request could not be read. */
    public Map<String, List<String>> parameters() {
        return parameters;
    }

    /** The logged-in user, or {@code null}. */
    public AuthenticatedUser user() {
        return user;
    }

    /** The user's consent answer. */
    public ConsentDecision consent() {
        return consent;
    }

    /** Whether it came as a POST (its redirects are then 303, RFC 9700 §4.12). */
    boolean post() {
        return post;
    }

    /** Why the HTTP request could not be read, or {@code null}. */
    OAuthError problem() {
        return problem;
    }
}
