package id.nu.oauth.core;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.Map;

/** The JSON responses of the token, refresh and revocation endpoints (RFC 6749 §5.1, §5.2). */
final class Responses {

    private static final String JSON = "application/json;charset=UTF-8";

    private Responses() {
    }

    static EndpointResponse json(int status, Map<String, ?> body) {
        return new EndpointResponse(status, Map.of(
                "Content-Type", JSON,
                "Cache-Control", "no-store",
                "Pragma", "no-cache"), JSONObjectUtils.toJSONString(body));
    }

    /** RFC 7009 §2.2: 200 with no body. */
    static EndpointResponse empty() {
        return new EndpointResponse(200, Map.of("Cache-Control", "no-store", "Pragma", "no-cache"), "");
    }

    static EndpointResponse error(OAuthError error) {
        int status = switch (error.code()) {
            case "invalid_client" -> 400;
            case "server_error" -> 500;
            case "temporarily_unavailable" -> 503;
            default -> 400;
        };
        return json(status, Map.of("error", error.code(), "error_description", error.description()));
    }

    /** RFC 6749 §5.2: a client that tried HTTP Basic gets 401 and a challenge. */
    static EndpointResponse clientFailure(ClientAuthenticator.Failed failed, String realm) {
        if (!failed.basicAttempted()) {
            return error(failed.error());
        }
        EndpointResponse base = error(failed.error());
        Map<String, String> headers = new java.util.HashMap<>(base.headers());
        headers.put("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        return new EndpointResponse(401, headers, base.body());
    }
}
