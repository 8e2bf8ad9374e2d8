package id.nu.oauth.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request at the end-session endpoint (OpenID Connect RP-Initiated Logout 1.0 §2) as the engine
 * sees it: its parameters (the query of a GET or the form body of a POST: {@code id_token_hint},
 * {@code client_id}, {@code post_logout_redirect_uri}, {@code state}, {@code ui_locales}), the user
 * the host has logged in (or none), and whether the user confirmed the logout on the confirmation
 * page (a POST the host has checked against CSRF).
 *
 * <pre>{@code
 * LogoutResult r = server.endSession(LogoutRequest.of(endpointRequest, currentUserOrNull));
 * // after the confirmation page's POST passed the host's CSRF check:
 * LogoutResult confirmed = server.endSession(LogoutRequest.of(endpointRequest, user).confirmed());
 * }</pre>
 */
public final class LogoutRequest {

    private static final List<String> METHODS = List.of("GET", "POST");

    private final Map<String, List<String>> parameters;
    private final AuthenticatedUser user;
    private final boolean confirmed;
    private final boolean post;
    private final OAuthError problem;

    private LogoutRequest(Map<String, List<String>> parameters, AuthenticatedUser user, boolean confirmed,
            boolean post, OAuthError problem) {
        this.parameters = Params.copyOf(parameters);
        this.user = user;
        this.confirmed = confirmed;
        this.post = post;
        this.problem = problem;
    }

    /** A request from parameters the host has read itself (every value of each), not confirmed. */
    public static LogoutRequest of(Map<String, List<String>> parameters, AuthenticatedUser user) {
        return new LogoutRequest(parameters, user, false, false, null);
    }

    /**
     * A request from HTTP: a GET's query or a POST's {@code application/x-www-form-urlencoded} body
     * (RP-Initiated Logout 1.0 §2: the OP MUST support both). Another method, or a body that cannot
     * be read, makes {@link AuthorizationServer#endSession} answer a {@link LogoutResult.ErrorPage}.
     */
    public static LogoutRequest of(EndpointRequest http, AuthenticatedUser user) {
        Objects.requireNonNull(http, "http");
        boolean post = "POST".equals(http.method());
        OAuthError method = HttpEdge.methodProblem(http, METHODS);
        if (method != null) {
            return new LogoutRequest(Map.of(), user, false, post, method);
        }
        Checked<Map<String, List<String>>> read = post ? DEFAULT_EDGE.body(http) : HttpEdge.query(http);
        if (read instanceof Checked.Failed<Map<String, List<String>>> failed) {
            return new LogoutRequest(Map.of(), user, false, post, failed.error());
        }
        return new LogoutRequest(((Checked.Ok<Map<String, List<String>>>) read).value(), user, false, post, null);
    }

    private static final HttpEdge DEFAULT_EDGE = new HttpEdge(AuthorizationServer.DEFAULT_MAX_BODY_BYTES);

    /**
     * The same request, confirmed by the user on the confirmation page
     * ({@link LogoutResult.ConfirmationRequired}). Only for a POST the host has checked against
     * cross-site request forgery: a confirmed request ends the session without asking.
     */
    public LogoutRequest confirmed() {
        return new LogoutRequest(parameters, user, true, post, problem);
    }

    /** The same request without these parameters (for example the confirmation form's own fields). */
    public LogoutRequest without(String... names) {
        Map<String, List<String>> kept = new java.util.LinkedHashMap<>(parameters);
        for (String name : names) {
            kept.remove(name);
        }
        return new LogoutRequest(kept, user, confirmed, post, problem);
    }

    /** Every parameter with all its values; empty when the request could not be read. */
    public Map<String, List<String>> parameters() {
        return parameters;
    }

    /** The logged-in user, or {@code null}. */
    public AuthenticatedUser user() {
        return user;
    }

    /** Whether the user confirmed the logout. */
    public boolean isConfirmed() {
        return confirmed;
    }

    /** Whether it came as a POST (its redirect is then a 303). */
    boolean post() {
        return post;
    }

    /** Why the HTTP request could not be read, or {@code null}. */
    OAuthError problem() {
        return problem;
    }
}
