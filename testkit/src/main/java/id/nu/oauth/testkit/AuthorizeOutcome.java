package id.nu.oauth.testkit;

import id.nu.oauth.core.AuthorizeResult;
import id.nu.oauth.core.ConsentDecision;
import id.nu.oauth.core.ErrorCode;
import id.nu.oauth.core.OAuthError;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine decided for one authorize request: a redirect or form post (with a code or an error), login
 * required, consent required, or an error page; with the redirect's parameters read out.
 *
 * <pre>{@code
 * AuthorizeOutcome o = server.as("alice").authorize(app).send();
 * assertThat(o.isConsentRequired()).isTrue();
 * AuthorizeOutcome denied = o.deny();
 * assertThat(denied.errorCode()).isEqualTo("access_denied");
 * assertThat(denied.redirectParameter("iss")).isEqualTo(server.issuer().toString());   // RFC 9207
 * }</pre>
 */
public final class AuthorizeOutcome {

    private final OAuthTestServer server;
    private final AuthorizeCall call;
    private final AuthorizeResult result;
    private final String sentState;
    private final String sentRedirectUri;
    private final TestClient client;
    private final String codeVerifier;
    private Map<String, String> redirectParams;

    AuthorizeOutcome(OAuthTestServer server, AuthorizeCall call, AuthorizeResult result, String sentState,
            String sentRedirectUri, TestClient client, String codeVerifier) {
        this.server = server;
        this.call = call;
        this.result = result;
        this.sentState = sentState;
        this.sentRedirectUri = sentRedirectUri;
        this.client = client;
        this.codeVerifier = codeVerifier;
    }

    /** The engine's result, as a host would receive it. */
    public AuthorizeResult result() {
        return result;
    }

    /**
     * An answer to the client: a redirect with a code or an error, or the same posted by an
     * auto-submitting form ({@code response_mode=form_post}).
     */
    public boolean isRedirect() {
        return result instanceof AuthorizeResult.Redirect || result instanceof AuthorizeResult.FormPost;
    }

    /** A redirect carrying a {@code code}. */
    public boolean isCode() {
        return isRedirect() && redirectParameter("code") != null;
    }

    /** No user was given: the host would send the browser to its login page. */
    public boolean isLoginRequired() {
        return result instanceof AuthorizeResult.LoginRequired;
    }

    /** The user must approve the client and scopes. */
    public boolean isConsentRequired() {
        return result instanceof AuthorizeResult.ConsentRequired;
    }

    /** An error shown to the user, never redirected (RFC 6749 §4.1.2.1). */
    public boolean isErrorPage() {
        return result instanceof AuthorizeResult.ErrorPage;
    }

    /** The consent question: the client and the scopes, as the consent page would show them. */
    public AuthorizeResult.ConsentRequired consentRequired() {
        if (result instanceof AuthorizeResult.ConsentRequired consent) {
            return consent;
        }
        throw new AssertionError("expected a consent question but got " + this);
    }

    /** The redirect's location (for a form post: the URI the form posts to). */
    public URI location() {
        if (result instanceof AuthorizeResult.Redirect redirect) {
            return redirect.location();
        }
        if (result instanceof AuthorizeResult.FormPost post) {
            return post.action();
        }
        throw new AssertionError("expected a redirect but got " + this);
    }

    /** A parameter of the redirect's query ({@code code}, {@code state}, {@code error}, {@code iss}), or {@code null}. */
    public String redirectParameter(String name) {
        if (!isRedirect()) {
            return null;
        }
        return redirectParameters().get(name);
    }

    /**
     * The error: the error page's, or the one the redirect carries ({@code error} and
     * {@code error_description}); empty for any other outcome.
     */
    public Optional<OAuthError> error() {
        if (result instanceof AuthorizeResult.ErrorPage page) {
            return Optional.of(page.error());
        }
        String code = redirectParameter("error");
        if (code == null) {
            return Optional.empty();
        }
        String description = redirectParameter("error_description");
        ErrorCode known = ErrorCode.fromValue(code);
        if (known == null) {
            throw new AssertionError("the redirect carries an error this server does not send: " + code);
        }
        return Optional.of(new OAuthError(known, description == null ? "" : description));
    }

    /** The error code, such as {@code invalid_request}, or {@code null} when there is no error. */
    public String errorCode() {
        return error().map(OAuthError::code).orElse(null);
    }

    /**
     * The code, checked as a careful client would: a redirect to the URI it sent, with the
     * {@code state} it sent.
     *
     * @throws AssertionError otherwise
     */
    public IssuedCode code() {
        String code = redirectParameter("code");
        if (code == null) {
            throw new AssertionError("expected a redirect with a code but got " + this);
        }
        if (sentState != null && !sentState.equals(redirectParameter("state"))) {
            throw new AssertionError("the state that came back is not the one sent (RFC 6749 §10.12)");
        }
        String location = location().toString();
        String expected = sentRedirectUri != null ? sentRedirectUri : client.redirectUri();
        if (!location.startsWith(expected)) {
            throw new AssertionError("the code was sent to another redirect URI than " + expected);
        }
        return new IssuedCode(server, client, code, redirectParameter("state"), codeVerifier, sentRedirectUri);
    }

    /** Repeats the request with the user's approval, as the consent page's "allow" does. */
    public AuthorizeOutcome approve() {
        consentRequired();
        return call.send(ConsentDecision.APPROVED);
    }

    /** Repeats the request with the user's refusal, as the consent page's "deny" does. */
    public AuthorizeOutcome deny() {
        consentRequired();
        return call.send(ConsentDecision.DENIED);
    }

    private Map<String, String> redirectParameters() {
        if (redirectParams == null && result instanceof AuthorizeResult.FormPost post) {
            redirectParams = post.parameters();
        }
        if (redirectParams == null) {
            Map<String, String> parsed = new LinkedHashMap<>();
            String location = location().toString();
            int q = location.indexOf('?');
            int hash = location.indexOf('#');
            if (q >= 0) {
                String query = location.substring(q + 1, hash > q ? hash : location.length());
                for (String pair : query.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    parsed.putIfAbsent(name, value);
                }
            }
            redirectParams = parsed;
        }
        return redirectParams;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The kind of outcome and, for an error, its code and description; never a code value. */
    @Override
    public String toString() {
        if (result instanceof AuthorizeResult.ErrorPage page) {
            return "error page " + page.error().code() + " (" + page.error().description() + ")";
        }
        if (isRedirect()) {
            Optional<OAuthError> error = error();
            return error.isPresent()
                    ? "error redirect " + error.get().code() + " (" + error.get().description() + ")"
                    : "redirect " + redirectParameters().keySet();
        }
        if (result instanceof AuthorizeResult.ConsentRequired consent) {
            return "consent required for " + consent.clientId() + " " + consent.scopes();
        }
        return "login required";
    }
}
