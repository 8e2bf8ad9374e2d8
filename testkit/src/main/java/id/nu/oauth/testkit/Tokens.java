package id.nu.oauth.testkit;

import id.nu.oauth.core.AccessTokenValidation;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The tokens a client holds after a successful token response, with the next steps a client
 * takes: refresh, revoke, and (as a resource server would) validate.
 *
 * <pre>{@code
 * Tokens t = server.as("alice").authorize(app).consent().exchange();
 * Tokens renewed = t.refresh();                      // POST /oauth/refreshAccessToken
 * renewed.revoke();                                  // POST /oauth/revoke with the refresh token
 * assertThat(server.isActive(renewed.accessToken())).isFalse();
 * }</pre>
 */
public final class Tokens {

    private final OAuthTestServer server;
    private final TestClient client;
    private final TokenResponse response;
    private final String refreshToken;

    Tokens(OAuthTestServer server, TestClient client, TokenResponse response, String refreshToken) {
        this.server = server;
        this.client = client;
        this.response = response;
        this.refreshToken = refreshToken;
    }

    /** The access token. */
    public String accessToken() {
        return response.accessToken();
    }

    /**
     * The refresh token the client now holds: the new one after a rotation, the same one under the
     * KEEP policy; {@code null} when none was issued (client credentials).
     */
    public String refreshToken() {
        return refreshToken;
    }

    /** {@code expires_in} of the access token, in seconds. */
    public long expiresIn() {
        Long seconds = response.expiresIn();
        return seconds == null ? 0 : seconds;
    }

    /** The scopes of the access token, from the response's {@code scope}. */
    public Set<String> scopes() {
        String scope = response.scope();
        return scope == null || scope.isEmpty() ? Set.of()
                : Set.copyOf(new LinkedHashSet<>(Arrays.asList(scope.split(" "))));
    }

    /** The client the tokens were issued to. */
    public TestClient client() {
        return client;
    }

    /** The token response these tokens came from, raw. */
    public TokenResponse response() {
        return response;
    }

    /**
     * Refreshes at the NU.ID endpoint {@code POST /oauth/refreshAccessToken} (RFC 6749 §6).
     *
     * @return the new tokens (with the rotated refresh token, or the same one under KEEP)
     * @throws AssertionError if the refresh is refused, with the error code
     */
    public Tokens refresh() {
        return refreshRequest().send().tokens();
    }

    /** The same refresh, returning the answer whatever it is (for reuse, expiry and error tests). */
    public TokenResponse tryRefresh() {
        return refreshRequest().send();
    }

    /** The refresh request, to change before sending; {@link TokenCall#onTokenEndpoint()} sends it to /oauth/token. */
    public TokenCall refreshRequest() {
        if (refreshToken == null) {
            throw new IllegalStateException("no refresh token was issued");
        }
        return new TokenCall(server, client, TokenCall.Endpoint.REFRESH_ACCESS_TOKEN)
                .param("grant_type", "refresh_token")
                .param("refresh_token", refreshToken);
    }

    /**
     * Revokes the grant (RFC 7009): the refresh token when there is one, which revokes the grant's
     * access tokens too, else the access token.
     *
     * @return the answer, 200
     * @throws AssertionError if the endpoint answers anything but 200
     */
    public TokenResponse revoke() {
        return expect200(revokeRequest(refreshToken != null ? refreshToken : accessToken()).send());
    }

    /** Revokes only the access token (RFC 7009 §2.1). */
    public TokenResponse revokeAccessToken() {
        return expect200(revokeRequest(accessToken()).send());
    }

    /** A revocation request for {@code token}, authenticated as the client would be, to change before sending. */
    public TokenCall revokeRequest(String token) {
        return new TokenCall(server, client, TokenCall.Endpoint.REVOKE).param("token", Objects.requireNonNull(token));
    }

    /** What the engine says about the access token now. */
    public AccessTokenValidation validate() {
        return server.validate(accessToken());
    }

    /** Whether the access token is active now. */
    public boolean isActive() {
        return server.isActive(accessToken());
    }

    private static TokenResponse expect200(TokenResponse r) {
        if (r.status() != 200) {
            throw new AssertionError("expected the revocation to answer 200 but it answered " + r);
        }
        return r;
    }

    /** Never shows a token. */
    @Override
    public String toString() {
        return "Tokens[" + client.clientId() + ", scope=" + response.scope() + ", expires_in=" + expiresIn()
                + (refreshToken != null ? ", with refresh token" : "") + "]";
    }
}
