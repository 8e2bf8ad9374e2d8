package id.nu.oauth.testkit;

import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.client.ClientType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One POST to the token, refresh or revocation endpoint, filled in as a correct client would send
 * it, for a test to change before {@link #send()}: a wrong verifier, another redirect URI, a wrong
 * secret, a missing or doubled parameter.
 *
 * <pre>{@code
 * TokenResponse r = code.exchangeRequest().codeVerifier("a-verifier-that-does-not-match-the-challenge-xx").send();
 * assertThat(r.errorCode()).isEqualTo("invalid_grant");                       // RFC 7636 §4.6
 *
 * TokenResponse wrongSecret = portalCode.exchangeRequest().clientSecret("not-the-secret").send();
 * assertThat(wrongSecret.status()).isEqualTo(401);                            // RFC 6749 §5.2
 * }</pre>
 *
 * <p>Confidential clients authenticate with HTTP Basic ({@code client_secret_basic}) unless
 * {@link #secretInBody()} is called; public clients send {@code client_id} in the body.
 */
public final class TokenCall {

    enum Endpoint { TOKEN, REFRESH_ACCESS_TOKEN, REVOKE }

    private final OAuthTestServer server;
    private final TestClient client;
    private Endpoint endpoint;
    private final Map<String, List<String>> params = new LinkedHashMap<>();
    private String authorization;

    TokenCall(OAuthTestServer server, TestClient client, Endpoint endpoint) {
        this.server = server;
        this.client = client;
        this.endpoint = endpoint;
        if (client != null) {
            if (client.type() == ClientType.CONFIDENTIAL) {
                authorization = basic(client.clientId(), client.secret());
            } else {
                param("client_id", client.clientId());
            }
        }
    }

    /** Sets a parameter, replacing any value it had. */
    public TokenCall param(String name, String value) {
        params.put(Objects.requireNonNull(name, "name"), new ArrayList<>(List.of(Objects.requireNonNull(value, "value"))));
        return this;
    }

    /** Adds one more value to a parameter: sends it twice, which the engine must refuse (RFC 6749 §3.2). */
    public TokenCall addParam(String name, String value) {
        params.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                .add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Leaves a parameter out. */
    public TokenCall without(String name) {
        params.remove(name);
        return this;
    }

    /** Sets {@code code_verifier} (RFC 7636 §4.5). */
    public TokenCall codeVerifier(String verifier) {
        return param("code_verifier", verifier);
    }

    /** Sets {@code redirect_uri}. */
    public TokenCall redirectUri(String redirectUri) {
        return param("redirect_uri", redirectUri);
    }

    /** Sets {@code scope} (space-separated). */
    public TokenCall scope(String... scopes) {
        return param("scope", String.join(" ", scopes));
    }

    /**
     * Authenticates with this secret instead of the client's own, the same way as before
     * (HTTP Basic, or the body after {@link #secretInBody()}).
     */
    public TokenCall clientSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        String id = client == null ? null : client.clientId();
        if (id == null) {
            throw new IllegalStateException("this request has no client");
        }
        if (params.containsKey("client_secret")) {
            param("client_secret", secret);
        } else {
            authorization = basic(id, secret);
            params.remove("client_id");
        }
        return this;
    }

    /** Authenticates with HTTP Basic as this client id and secret (RFC 6749 §2.3.1). */
    public TokenCall basicAuth(String clientId, String secret) {
        authorization = basic(clientId, secret);
        params.remove("client_secret");
        params.remove("client_id");
        return this;
    }

    /** Moves the client's credentials into the body ({@code client_secret_post}, RFC 6749 §2.3.1). */
    public TokenCall secretInBody() {
        if (client == null || client.secret() == null) {
            throw new IllegalStateException("only a confidential client has a secret to send");
        }
        authorization = null;
        param("client_id", client.clientId());
        return param("client_secret", client.secret());
    }

    /** Sets the raw {@code Authorization} header; {@code null} sends none. */
    public TokenCall authorization(String header) {
        authorization = header;
        return this;
    }

    /** Sends no client credentials and no {@code client_id} at all. */
    public TokenCall withoutClientAuthentication() {
        authorization = null;
        params.remove("client_id");
        params.remove("client_secret");
        return this;
    }

    /** Sends a refresh to {@code POST /oauth/token} rather than the NU.ID {@code /oauth/refreshAccessToken}. */
    public TokenCall onTokenEndpoint() {
        if (endpoint == Endpoint.REVOKE) {
            throw new IllegalStateException("a revocation goes to /oauth/revoke");
        }
        endpoint = Endpoint.TOKEN;
        return this;
    }

    /** Sends the request to the engine and returns its answer, whatever it is. */
    public TokenResponse send() {
        EndpointRequest request = new EndpointRequest(params, authorization);
        EndpointResponse response = switch (endpoint) {
            case TOKEN -> server.engine().token(request);
            case REFRESH_ACCESS_TOKEN -> server.engine().refreshAccessToken(request);
            case REVOKE -> server.engine().revoke(request);
        };
        List<String> refresh = params.get("refresh_token");
        String previous = refresh != null && refresh.size() == 1 ? refresh.get(0) : null;
        return new TokenResponse(server, client, response, previous);
    }

    static String basic(String clientId, String secret) {
        String pair = form(clientId) + ":" + form(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Names the endpoint and the parameters, never their values. */
    @Override
    public String toString() {
        return "TokenCall[" + endpoint + " " + params.keySet() + "]";
    }
}
