package id.nu.oauth.examples;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.Prompt;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Step 1 of the flow: the authorization request the demo client sends the browser to, built with
 * Nimbus's {@link AuthorizationRequest.Builder}. A fresh {@code state} always; a PKCE verifier (S256)
 * and, with {@code openid}, a {@code nonce}, except for a legacy client, whose request keeps the
 * documented shape (response_type, client_id, redirect_uri, state, scope).
 *
 * <pre>{@code
 * URI location = AuthorizationRedirect.start(flow, client, authorizeEndpoint, redirectUri, false);
 * }</pre>
 */
final class AuthorizationRedirect {

    private static final String OPENID = "openid";

    private AuthorizationRedirect() {
    }

    /**
     * Remembers in {@code flow} what the callback must check and the verifier the token request
     * needs, records the step, and returns where to send the browser.
     */
    static URI start(DemoFlow flow, Client client, URI authorizeEndpoint, URI redirectUri, boolean promptLogin) {
        boolean openid = client.allowedScopes().contains(OPENID);
        State state = new State();
        flow.clientId = client.clientId();
        flow.state = state.getValue();
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(client.clientId())).endpointURI(authorizeEndpoint).redirectionURI(redirectUri).state(state);
        if (!client.allowedScopes().isEmpty()) {
            request.scope(Scope.parse(scope(client)));
        }
        StringBuilder note = new StringBuilder();
        if (client.type() == ClientType.LEGACY_PUBLIC) {
            note.append("The documented NU.ID request: response_type, client_id, redirect_uri, state and scope. "
                    + "This client is registered as a legacy public client, so it needs no PKCE and no secret.");
            if (openid) {
                note.append(" Its scope includes openid, so the token response brings an id_token too; the request "
                        + "keeps the documented shape, so it sends no nonce (optional in the code flow, OpenID "
                        + "Connect Core §3.1.2.1) and state alone ties the answer to this browser.");
            }
        } else {
            CodeVerifier verifier = new CodeVerifier();
            flow.codeVerifier = verifier.getValue();
            request.codeChallenge(verifier, CodeChallengeMethod.S256);
            note.append("The documented request plus a PKCE challenge (RFC 7636, S256): the code is useless without "
                    + "the verifier this client keeps (").append(flow.codeVerifier).append(").");
            if (openid) {
                flow.nonce = new Nonce().getValue();
                request.customParameter("nonce", flow.nonce);
                note.append(" With openid in scope it also sends a nonce, which the id_token must carry back "
                        + "(OpenID Connect Core §3.1.2.1, §15.5.2).");
            }
            if (promptLogin) {
                request.prompt(new Prompt(Prompt.Type.LOGIN));
                note.append(" prompt=login asks the portal to show its login form even to a signed-in user "
                        + "(OpenID Connect Core §3.1.2.1).");
            }
        }
        URI location = request.build().toURI();
        flow.add(new DemoFlow.Step("1. Send the browser to the authorize endpoint", note.toString(),
                "GET " + location, "302 redirect in your browser: the portal asks you to sign in and to consent.",
                true));
        return location;
    }

    /**
     * The scopes the demo asks for: all the client may have, the OpenID Connect ones first in their
     * usual order ({@code openid profile email address phone}), then the others sorted.
     */
    static String scope(Client client) {
        List<String> scopes = new ArrayList<>();
        for (String standard : List.of(OPENID, "profile", "email", "address", "phone")) {
            if (client.allowedScopes().contains(standard)) {
                scopes.add(standard);
            }
        }
        for (String scope : new TreeSet<>(client.allowedScopes())) {
            if (!scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        return String.join(" ", scopes);
    }
}
