package id.nu.oauth.examples;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo client remembers between pages, in the visitor's session: the values it sent (to
 * check what comes back), the tokens it holds, and every exchange so far, for the page.
 */
final class DemoFlow implements Serializable {
    private static final long serialVersionUID = 3L;
    String clientId;
    /** The state sent in the authorize request, until the callback uses it up. */
    String state;
    String codeVerifier;
    /** The nonce sent in the authorize request, which the id_token must carry back (OIDC Core §3.1.2.1). */
    String nonce;
    String accessToken;
    String refreshToken;
    String idToken;
    /** The state of an RP-initiated logout this client started (OpenID Connect RP-Initiated Logout 1.0 §3). */
    String logoutState;
    /** The {@code sub} of the first verified id_token: later ones and userinfo must name the same user. */
    String subject;
    /** The portal's JWK set as last fetched from {@code /oauth/jwks}. */
    String jwks;
    TokenVerifier.Decoded idTokenView;
    TokenVerifier.Decoded accessTokenView;
    /** The last userinfo answer, pretty-printed, or {@code null}. */
    String userinfo;
    final List<Step> steps = new ArrayList<>();

    /**
     * One exchange shown on the page.
     *
     * @param title what happened, in a few words
     * @param note what to notice
     * @param request the request as text
     * @param response the response as text, or {@code null}
     * @param ok whether it went as hoped
     */
    record Step(String title, String note, String request, String response, boolean ok) implements Serializable {
    }

    void add(Step step) {
        steps.add(step);
    }

    /** The number the next step gets on the page. */
    int next() {
        return steps.size() + 1;
    }
}
