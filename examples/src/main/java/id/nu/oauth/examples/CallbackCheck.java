package id.nu.oauth.examples;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Step 2 of the flow: what the client checks when the browser comes back to its redirect URI, before
 * it uses the code. {@code state} first (the one it sent, once: RFC 6749 §10.12), then {@code iss}
 * (RFC 9207 §2.4: this server always sends it, on success and error responses alike, so a response
 * without it is refused as one naming another issuer is), and only then an error or the code.
 *
 * <pre>{@code
 * String code = CallbackCheck.code(request, flow, "http://127.0.0.1:8080/api");   // null: refused, see flow.steps
 * }</pre>
 */
final class CallbackCheck {

    private CallbackCheck() {
    }

    /** The code of an acceptable callback, or {@code null}; either way the outcome is a step of {@code flow}. */
    static String code(HttpServletRequest request, DemoFlow flow, String issuer) {
        String received = "GET " + request.getRequestURI() + "?" + request.getQueryString();
        String state = request.getParameter("state");
        boolean sameState = state != null && MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                flow.state.getBytes(StandardCharsets.UTF_8));
        flow.state = null; // one use
        if (!sameState) {
            return refuse(flow, "2. Callback refused: wrong state", "The state does not match the one this client "
                    + "sent, so the response may be forged (CSRF, RFC 6749 §10.12). It was ignored.", received);
        }
        String iss = request.getParameter("iss");
        if (iss == null) {
            return refuse(flow, "2. Callback refused: no issuer", "The response has no iss, but this server always "
                    + "sends one (RFC 9207 §2.4): the response may come from another server (a mix-up attack). It was "
                    + "ignored.", received);
        }
        if (!iss.equals(issuer)) {
            return refuse(flow, "2. Callback refused: wrong issuer",
                    "iss is " + iss + ", not " + issuer + " (RFC 9207): a mix-up attack is possible.", received);
        }
        String error = request.getParameter("error");
        if (error != null) {
            return refuse(flow, "2. The authorization server said no: " + error,
                    String.valueOf(request.getParameter("error_description")), received);
        }
        flow.add(new DemoFlow.Step("2. Back at the client's redirect URI with a code",
                "state matches the one sent, and iss names this server (RFC 9207). Now the client exchanges the code "
                        + "for tokens, server to server.", received, null, true));
        return String.valueOf(request.getParameter("code"));
    }

    private static String refuse(DemoFlow flow, String title, String note, String received) {
        flow.add(new DemoFlow.Step(title, note, received, null, false));
        return null;
    }
}
