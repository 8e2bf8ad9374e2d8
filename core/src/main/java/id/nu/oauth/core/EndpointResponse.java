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

    /**
     * The answer to an error, as the engine writes every one: its status, its challenge, no
     * caching, and {@code {"error":…,"error_description":…}} (RFC 6749 §5.2). For an adapter's own
     * refusals, such as the container's 431 or 414: {@code EndpointResponse.error(OAuthError.forHttpStatus(431))}.
     */
    public static EndpointResponse error(OAuthError error) {
        return Responses.error(error);
    }

    /** The value of a header, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }
}
