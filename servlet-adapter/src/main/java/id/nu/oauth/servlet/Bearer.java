package id.nu.oauth.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The adapter's own RFC 6750 §3 answers: a {@code WWW-Authenticate: Bearer} challenge and the error as JSON. */
final class Bearer {

    private Bearer() {
    }

    /**
     * Writes {@code status} with {@code WWW-Authenticate: Bearer realm="<realm>"} and, when
     * {@code error} is given, its code, description (and {@code scope} when not {@code null}) in
     * the header and as a JSON body; without an error code (no credentials, §3.1) the body is empty.
     */
    static void challenge(HttpServletResponse response, String realm, int status, String error, String description,
            String scope) throws IOException {
        StringBuilder header = new StringBuilder("Bearer realm=\"").append(quoted(realm)).append('"');
        if (error != null) {
            header.append(", error=\"").append(error).append("\", error_description=\"")
                    .append(quoted(description)).append('"');
            if (scope != null) {
                header.append(", scope=\"").append(scope).append('"');
            }
        }
        response.setHeader("WWW-Authenticate", header.toString());
        if (error == null) {
            response.setStatus(status);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
        } else {
            Json.error(response, status, error, description);
        }
    }

    static void challenge(HttpServletResponse response, String realm, int status, String error, String description)
            throws IOException {
        challenge(response, realm, status, error, description, null);
    }

    private static String quoted(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
