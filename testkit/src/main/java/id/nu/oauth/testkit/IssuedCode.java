package id.nu.oauth.testkit;

/**
 * An authorization code as the client received it on its redirect URI, together with what the
 * client kept to redeem it: the PKCE verifier and the redirect URI it used.
 *
 * <pre>{@code
 * IssuedCode code = server.as("alice").authorize(app).consent();
 * Tokens t = code.exchange();
 * assertThat(code.tryExchange().errorCode()).isEqualTo("invalid_grant");   // single use, RFC 6749 §4.1.2
 * }</pre>
 */
public final class IssuedCode {

    private final OAuthTestServer server;
    private final TestClient client;
    private final String value;
    private final String state;
    private final String codeVerifier;
    private final String redirectUri;

    IssuedCode(OAuthTestServer server, TestClient client, String value, String state, String codeVerifier,
            String redirectUri) {
        this.server = server;
        this.client = client;
        this.value = value;
        this.state = state;
        this.codeVerifier = codeVerifier;
        this.redirectUri = redirectUri;
    }

    /** The {@code code} parameter. */
    public String value() {
        return value;
    }

    /** The {@code state} parameter that came back with it, or {@code null}. */
    public String state() {
        return state;
    }

    /** The PKCE verifier the client kept, or {@code null} when the request had no challenge. */
    public String codeVerifier() {
        return codeVerifier;
    }

    /** The {@code redirect_uri} the authorize request carried, or {@code null} if it had none. */
    public String redirectUri() {
        return redirectUri;
    }

    /** The client the code was issued to. */
    public TestClient client() {
        return client;
    }

    /**
     * Exchanges the code at {@code POST /oauth/token} (RFC 6749 §4.1.3).
     *
     * @throws AssertionError if the endpoint refuses, with the error code
     */
    public Tokens exchange() {
        return exchangeRequest().send().tokens();
    }

    /** The same exchange, returning the answer whatever it is (replays, expiry). */
    public TokenResponse tryExchange() {
        return exchangeRequest().send();
    }

    /** The exchange request as the client would send it, to change before {@link TokenCall#send()}. */
    public TokenCall exchangeRequest() {
        TokenCall call = new TokenCall(server, client, TokenCall.Endpoint.TOKEN)
                .param("grant_type", "authorization_code")
                .param("code", value);
        if (redirectUri != null) {
            call.redirectUri(redirectUri);
        }
        if (codeVerifier != null) {
            call.codeVerifier(codeVerifier);
        }
        return call;
    }

    /** Never shows the code or the verifier. */
    @Override
    public String toString() {
        return "IssuedCode[" + client.clientId() + "]";
    }
}
