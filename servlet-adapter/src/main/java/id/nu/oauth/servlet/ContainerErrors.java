package id.nu.oauth.servlet;

import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.OAuthError;
import java.util.Map;

/**
 * What {@link JettyErrorHandler} and {@link TomcatErrorReportValve} answer when the container
 * refuses a request by itself (oversized headers, a bad {@code Host}, a URL too long, an HTTP
 * version it does not speak, ...): under the API path the engine's JSON error, elsewhere a small
 * HTML page. Neither says which server this is, shows a stack trace or repeats the request.
 */
final class ContainerErrors {

    private static final Map<String, String> HTML_HEADERS = Map.of(
            "Content-Type", "text/html;charset=UTF-8",
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private final String apiPath;

    /**
     * @param apiPath the path prefix of the API as the client sends it (context path + base path,
     *     e.g. {@code /api}); {@code /} or {@code ""} (an API at the root, as
     *     {@code OAuthEndpoints.basePath()} says it) makes every answer JSON
     */
    ContainerErrors(String apiPath) {
        if (apiPath == null || !apiPath.isEmpty() && !apiPath.startsWith("/")) {
            throw new IllegalArgumentException("the API path must be empty or start with /");
        }
        this.apiPath = apiPath.endsWith("/") ? apiPath.substring(0, apiPath.length() - 1) : apiPath;
    }

    /** The API path prefix, without a trailing slash ("" for the root). */
    String apiPath() {
        return apiPath;
    }

    /**
     * The answer to a request the container refused with {@code status}; {@code path} is the raw
     * request path, or {@code null} when the container could not read it (it gets the HTML page).
     * The status stays the container's; the engine supplies the JSON body and headers.
     */
    EndpointResponse answer(int status, String path) {
        OAuthError error = OAuthError.forHttpStatus(status);
        if (isApi(path)) {
            EndpointResponse json = EndpointResponse.error(error);
            return new EndpointResponse(status, json.headers(), json.body());
        }
        return new EndpointResponse(status, HTML_HEADERS, page(status, error.description()));
    }

    boolean isApi(String path) {
        return path != null && (path.equals(apiPath) || path.startsWith(apiPath + "/"));
    }

    /** A page in both languages of the portal: the request's Accept-Language may be what was refused. */
    private static String page(int status, String description) {
        String title = "Error " + status;
        return "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + title + "</title>\n</head>\n<body>\n<h1>" + title + "</h1>\n"
                + "<p>Permintaan ini tidak dapat dilayani.</p>\n"
                + "<p lang=\"en\">This request could not be answered: " + Html.escape(description) + ".</p>\n"
                + "</body>\n</html>\n";
    }
}
