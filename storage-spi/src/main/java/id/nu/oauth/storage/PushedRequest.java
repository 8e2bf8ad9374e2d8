package id.nu.oauth.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A pushed authorization request (RFC 9126), stored by the hash of its {@code request_uri}.
 *
 * <pre>{@code
 * pushedRequests.save(new PushedRequest(hash, "mobile-app", "response_type=code&...", now.plusSeconds(60)));
 * }</pre>
 *
 * @param requestUriHash SHA-256 of the {@code request_uri}, base64url; the URI itself is never stored
 * @param clientId the client that pushed it; only that client may use it (RFC 9126 §4)
 * @param parameters the validated authorization request, {@code application/x-www-form-urlencoded}
 * @param expiresAt when the {@code request_uri} stops being usable
 */
public record PushedRequest(String requestUriHash, String clientId, String parameters, Instant expiresAt) {

    public PushedRequest {
        Objects.requireNonNull(requestUriHash, "requestUriHash");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the {@code request_uri} may still be used at {@code now}. */
    public boolean isUsableAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
