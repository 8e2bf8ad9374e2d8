package id.nu.oauth.examples;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the strong demo client ({@link StrongClientServlet}) remembers in the visitor's session: the
 * values it sent (to check what comes back), its DPoP key for this flow, the tokens it holds, the
 * server's latest DPoP nonce, and every message so far for the walk-through page.
 *
 * <pre>{@code
 * StrongFlow flow = new StrongFlow(dpopKey.toJSONString());
 * flow.add(new StrongFlow.Step("1. Push the authorization request", note, request, decoded, response, true));
 * }</pre>
 */
final class StrongFlow implements Serializable {
    private static final long serialVersionUID = 1L;

    /** This flow's DPoP key pair as a private JWK (JSON); it never leaves the client. */
    final String dpopKey;
    String state;
    String nonce;
    String codeVerifier;
    /** The {@code request_uri} the PAR endpoint answered (RFC 9126 §2.2). */
    String requestUri;
    String accessToken;
    String tokenType;
    String refreshToken;
    String idToken;
    /** The last {@code DPoP-Nonce} the server sent (RFC 9449 §8), or {@code null}. */
    String dpopNonce;
    final List<Step> steps = new ArrayList<>();

    StrongFlow(String dpopKey) {
        this.dpopKey = dpopKey;
    }

    /** A JWT of a message, decoded for the page (never its signature). */
    record Jwt(String label, String header, String claims) implements Serializable {
    }

    /**
     * One HTTP message pair shown on the page; token values and secrets in {@code request} and
     * {@code response} are already masked.
     */
    record Step(String title, String note, String request, List<Jwt> decoded, String response, boolean ok)
            implements Serializable {
        Step {
            decoded = List.copyOf(decoded);
        }
    }

    void add(Step step) {
        steps.add(step);
    }

    int next() {
        return steps.size() + 1;
    }
}
