package id.nu.oauth.core;

import java.util.Objects;

/**
 * The answer to a request for one of the host's own protected resources
 * ({@link AuthorizationServer#protectedResource}): let it through with the token's facts, or send
 * the RFC 6750 error response the engine made.
 *
 * <pre>{@code
 * ResourceAccess access = server.protectedResource(request, Set.of("profile"));
 * if (access instanceof ResourceAccess.Granted g) {
 *     serve(g.token().subject());
 * } else if (access instanceof ResourceAccess.Denied d) {
 *     write(d.response());        // 400, 401 or 403 with its WWW-Authenticate: Bearer challenge
 * }
 * }</pre>
 */
public sealed interface ResourceAccess {

    /** The token is active and carries every scope required. */
    record Granted(AccessTokenValidation.Active token) implements ResourceAccess {
        public Granted {
            Objects.requireNonNull(token, "token");
        }
    }

    /** Refused: write this response as it is. */
    record Denied(EndpointResponse response) implements ResourceAccess {
        public Denied {
            Objects.requireNonNull(response, "response");
        }
    }
}
