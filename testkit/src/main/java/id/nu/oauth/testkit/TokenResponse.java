package id.nu.oauth.testkit;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.ErrorCode;
import id.nu.oauth.core.OAuthError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the token, refresh or revocation endpoint answered, raw and parsed: the status, headers and
 * body as the engine returned them, the JSON fields, and the OAuth error if it is one.
 *
 * <pre>{@code
 * TokenResponse replay = code.tryExchange();          // the code was already used
 * assertThat(replay.status()).isEqualTo(400);
 * assertThat(replay.errorCode()).isEqualTo("invalid_grant");
 * assertThat(replay.header("Cache-Control")).isEqualTo("no-store");
 * }</pre>
 */
public final class TokenResponse {

    private final OAuthTestServer server;
    private final TestClient client;
    private final EndpointResponse raw;
    private final String previousRefreshToken;
    private Map<String, Object> json;

    TokenResponse(OAuthTestServer server, TestClient client, EndpointResponse raw, String previousRefreshToken) {
        this.server = server;
        this.client = client;
        this.raw = raw;
        this.previousRefreshToken = previousRefreshToken;
    }

    /** The response exactly as the engine returned it. */
    public EndpointResponse raw() {
        return raw;
    }

    /** The HTTP status. */
    public int status() {
        return raw.status();
    }

    /** A header's value (names compared without case), or {@code null}. */
    public String header(String name) {
        for (Map.Entry<String, String> e : raw.headers().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The body; empty for a revocation. */
    public String body() {
        return raw.body();
    }

    /** The JSON body's members in order; empty when the body is empty or not a JSON object. */
    public Map<String, Object> json() {
        if (json == null) {
            Map<String, Object> parsed;
            try {
                parsed = raw.body().isEmpty() ? Map.of() : JSONObjectUtils.parseKeepingOrder(raw.body());
            } catch (ParseException notJson) {
                parsed = Map.of();
            }
            json = Collections.unmodifiableMap(new LinkedHashMap<>(parsed));
        }
        return json;
    }

    /** A JSON member as text, or {@code null}. */
    public String string(String member) {
        Object value = json().get(member);
        return value == null ? null : value.toString();
    }

    /** Whether the status is 200 and the body carries no {@code error}. */
    public boolean isSuccess() {
        return raw.status() == 200 && !json().containsKey("error");
    }

    /** The OAuth error (RFC 6749 §5.2): its {@code error} and {@code error_description}. */
    public Optional<OAuthError> error() {
        String code = string("error");
        if (code == null) {
            return Optional.empty();
        }
        String description = string("error_description");
        ErrorCode known = null;
        for (ErrorCode candidate : ErrorCode.values()) { // the entry of this wire value and status
            if (code.equals(candidate.value()) && (known == null || candidate.status() == raw.status())) {
                known = candidate;
            }
        }
        if (known == null) {
            throw new AssertionError("the answer carries an error this server does not send: " + code);
        }
        return Optional.of(new OAuthError(known, description == null ? "" : description));
    }

    /** The {@code error} code, such as {@code invalid_grant}, or {@code null} on success. */
    public String errorCode() {
        return string("error");
    }

    /** {@code access_token}, or {@code null}. */
    public String accessToken() {
        return string("access_token");
    }

    /** {@code refresh_token}, or {@code null} (a refresh under the KEEP policy returns none). */
    public String refreshToken() {
        return string("refresh_token");
    }

    /** {@code token_type}, or {@code null}. */
    public String tokenType() {
        return string("token_type");
    }

    /** {@code scope}, or {@code null}. */
    public String scope() {
        return string("scope");
    }

    /** {@code expires_in} in seconds, or {@code null}. */
    public Long expiresIn() {
        Object value = json().get("expires_in");
        return value instanceof Number n ? n.longValue() : null;
    }

    /**
     * The tokens of a successful response, ready to refresh and revoke. When a refresh returned no
     * new {@code refresh_token} (the KEEP policy), the one that was used is kept.
     *
     * @throws AssertionError if the response is an error
     */
    public Tokens tokens() {
        if (!isSuccess() || accessToken() == null) {
            throw new AssertionError("expected tokens but the endpoint answered " + this);
        }
        String refresh = refreshToken() != null ? refreshToken() : previousRefreshToken;
        return new Tokens(server, client, this, refresh);
    }

    /** The status and, for an error, its code and description; never a token. */
    @Override
    public String toString() {
        Optional<OAuthError> error = error();
        if (error.isPresent()) {
            return status() + " " + error.get().code() + " (" + error.get().description() + ")";
        }
        return status() + (raw.body().isEmpty() ? " (empty)" : " " + json().keySet());
    }
}
