package id.nu.oauth.core;

import java.util.List;
import java.util.Map;

/**
 * A POST to the token, refresh or revocation endpoint: the form parameters (all values of each, so
 * duplicates can be refused) and the {@code Authorization} header, if any.
 *
 * <pre>{@code
 * EndpointRequest request = EndpointRequest.of(Map.of(
 *         "grant_type", "authorization_code", "code", code, "client_id", "mobile-app"));
 * EndpointRequest basic = new EndpointRequest(form, "Basic cG9ydGFsOnMzY3IzdA==");
 * }</pre>
 *
 * @param parameters the form parameters (query parameters too, if the host merges them)
 * @param authorization the {@code Authorization} header value, or {@code null}
 */
public record EndpointRequest(Map<String, List<String>> parameters, String authorization) {

    public EndpointRequest {
        parameters = Params.copyOf(parameters);
    }

    /** A request from single-valued parameters and no {@code Authorization} header. */
    public static EndpointRequest of(Map<String, String> parameters) {
        return new EndpointRequest(Params.singleValued(parameters), null);
    }

    /** A request from single-valued parameters and an {@code Authorization} header. */
    public static EndpointRequest of(Map<String, String> parameters, String authorization) {
        return new EndpointRequest(Params.singleValued(parameters), authorization);
    }
}
