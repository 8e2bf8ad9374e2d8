package id.nu.oauth.core;

import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response for the host to write as it is: status, headers and body.
 *
 * <pre>{@code
 * EndpointResponse r = server.token(request);
 * servletResponse.setStatus(r.status());
 * r.headers().forEach(servletResponse::setHeader);
 * servletResponse.getWriter().write(r.body());
 * }</pre>
 *
 * @param status the HTTP status
 * @param headers header names and values (already including {@code Content-Type} and
 *     {@code Cache-Control})
 * @param body the body, empty when there is none
 */
public record EndpointResponse(int status, Map<String, String> headers, String body) {

    public EndpointResponse {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
