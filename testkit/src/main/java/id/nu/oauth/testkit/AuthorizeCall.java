package id.nu.oauth.testkit;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizeRequest;
import id.nu.oauth.core.AuthorizeResult;
import id.nu.oauth.core.ConsentDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code GET /oauth/authorize} request (RFC 6749 §4.1.1), filled in as the client would send
 * it, to change before it is sent. The terminal methods send it to the engine as the logged-in
 * user: {@link #send()} returns whatever the engine decided; {@link #consent()} and {@link #code()}
 * go on to the code; {@link #deny()} declines.
 *
 * <pre>{@code
 * IssuedCode code = server.as("alice").authorize(app).scope("profile").consent();
 *
 * AuthorizeOutcome wrongUri = server.as("alice").authorize(app).redirectUri("https://evil.example/cb").send();
 * assertThat(wrongUri.isErrorPage()).isTrue();                  // never a redirect, RFC 6749 §4.1.2.1
 *
 * AuthorizeOutcome noPkce = server.as("alice").authorize(app).withoutPkce().send();
 * assertThat(noPkce.errorCode()).isEqualTo("invalid_request");  // public clients need PKCE
 * }</pre>
 */
public final class AuthorizeCall {

    private final OAuthTestServer server;
    private final AuthenticatedUser user;
    private final TestClient client;
    private final Map<String, List<String>> params = new LinkedHashMap<>();
    private String codeVerifier;

    AuthorizeCall(OAuthTestServer server, AuthenticatedUser user, TestClient client) {
        this.server = server;
        this.user = user;
        this.client = client;
        param("response_type", "code");
        param("client_id", client.clientId());
        param("redirect_uri", client.redirectUri());
        param("state", Pkce.random(16));
        if (client.sendsPkce()) {
            codeVerifier = Pkce.newVerifier();
            param("code_challenge", Pkce.s256(codeVerifier));
            param("code_challenge_method", "S256");
        }
    }

    /** Sets a parameter, replacing any value it had. */
    public AuthorizeCall param(String name, String value) {
        params.put(Objects.requireNonNull(name, "name"), new ArrayList<>(List.of(Objects.requireNonNull(value, "value"))));
        return this;
    }

    /** Adds one more value to a parameter, so it is sent twice (RFC 6749 §3.1 says the server refuses it). */
    public AuthorizeCall addParam(String name, String value) {
        params.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                .add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Leaves a parameter out. Leaving out {@code code_challenge} is {@link #withoutPkce()}. */
    public AuthorizeCall without(String name) {
        params.remove(name);
        if ("code_challenge".equals(name)) {
            codeVerifier = null;
        }
        return this;
    }

    /** Asks for these scopes ({@code scope}, space-separated); by default the client's default scopes. */
    public AuthorizeCall scope(String... scopes) {
        return param("scope", String.join(" ", scopes));
    }

    /** Sets {@code state}; by default a random one, checked when the code comes back. */
    public AuthorizeCall state(String state) {
        return param("state", state);
    }

    /** Sends another {@code redirect_uri} than the registered one. */
    public AuthorizeCall redirectUri(String redirectUri) {
        return param("redirect_uri", redirectUri);
    }

    /** Sends no PKCE challenge (and so no verifier at the token endpoint). */
    public AuthorizeCall withoutPkce() {
        params.remove("code_challenge");
        params.remove("code_challenge_method");
        codeVerifier = null;
        return this;
    }

    /** Uses the {@code plain} PKCE method (RFC 7636 §4.2), refused unless the client allows it. */
    public AuthorizeCall plainPkce() {
        if (codeVerifier == null) {
            codeVerifier = Pkce.newVerifier();
        }
        param("code_challenge", codeVerifier);
        return param("code_challenge_method", "plain");
    }

    /** The PKCE verifier the client keeps for the token request, or {@code null} without PKCE. */
    public String codeVerifier() {
        return codeVerifier;
    }

    /** The request as the engine will receive it, without the consent answer. */
    public AuthorizeRequest toRequest() {
        return AuthorizeRequest.of(params, user);
    }

    /** Sends the request, with no consent answer, and returns what the engine decided. */
    public AuthorizeOutcome send() {
        return send(ConsentDecision.NONE);
    }

    /**
     * Sends the request and, if the engine asks for consent, approves it (the user clicks
     * "allow"); then expects a code.
     *
     * @throws AssertionError if the outcome is not a code for this client with the state sent
     */
    public IssuedCode consent() {
        AuthorizeOutcome outcome = send();
        if (outcome.isConsentRequired()) {
            outcome = outcome.approve();
        }
        return outcome.code();
    }

    /**
     * Sends the request and expects a code straight away, with no consent asked: a first-party
     * client, or consent given before.
     *
     * @throws AssertionError if consent is asked or no code comes back
     */
    public IssuedCode code() {
        return send().code();
    }

    /**
     * Sends the request and declines on the consent page.
     *
     * @return the outcome: a redirect with {@code error=access_denied} (RFC 6749 §4.1.2.1)
     * @throws AssertionError if the engine did not ask for consent
     */
    public AuthorizeOutcome deny() {
        AuthorizeOutcome outcome = send();
        if (!outcome.isConsentRequired()) {
            throw new AssertionError("expected a consent question but got " + outcome);
        }
        return outcome.deny();
    }

    AuthorizeOutcome send(ConsentDecision decision) {
        AuthorizeResult result = server.engine().authorize(AuthorizeRequest.of(params, user).withConsent(decision));
        List<String> state = params.get("state");
        List<String> redirect = params.get("redirect_uri");
        return new AuthorizeOutcome(server, this, result, state != null && state.size() == 1 ? state.get(0) : null,
                redirect != null && redirect.size() == 1 ? redirect.get(0) : null, client, codeVerifier);
    }

    /** Names the client and the parameters, never their values. */
    @Override
    public String toString() {
        return "AuthorizeCall[" + client.clientId() + " " + params.keySet() + "]";
    }
}
