package id.nu.oauth.examples;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientType;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The demo client's back-channel calls, each built, sent and parsed with Nimbus's OAuth SDK
 * ({@link TokenRequest}, {@link TokenRevocationRequest}, {@link TokenIntrospectionRequest},
 * {@link UserInfoRequest}, over {@link HTTPRequest}), exactly as a client on another machine would
 * make them; each is recorded in the flow as a step, request and response in full.
 *
 * <pre>{@code
 * ClientRequests api = new ClientRequests(URI.create("http://127.0.0.1:8080"), "http://127.0.0.1:8080/api");
 * String idToken = api.token(flow, "3. Exchange the code for tokens", client, codeGrant);
 * }</pre>
 */
final class ClientRequests {

    /** Reads a 2xx response and says what to notice about it. */
    @FunctionalInterface
    interface Reader {
        String read(HTTPResponse response) throws ParseException;
    }

    private final URI origin;
    private final String apiBase;

    ClientRequests(URI origin, String apiBase) {
        this.origin = origin;
        this.apiBase = apiBase;
    }

    /**
     * The code exchange ({@code /oauth/token}) or a refresh ({@code /oauth/refreshAccessToken}): keeps
     * the tokens of the answer in the flow and returns its id_token, or {@code null}.
     */
    String token(DemoFlow flow, String title, DemoConfig.ConfiguredClient client, AuthorizationGrant grant) {
        boolean refresh = grant instanceof RefreshTokenGrant;
        URI endpoint = api(refresh ? "/oauth/refreshAccessToken" : "/oauth/token");
        TokenRequest request = confidential(client)
                ? new TokenRequest.Builder(endpoint, basic(client), grant).build()
                : new TokenRequest.Builder(endpoint, new ClientID(client.client().clientId()), grant).build();
        String[] idToken = new String[1];
        send(flow, title, authentication(client.client()), request.toHTTPRequest(), response -> {
            AccessTokenResponse answer = OIDCTokenResponseParser.parse(response).toSuccessResponse();
            if (answer instanceof OIDCTokenResponse oidc) {
                idToken[0] = oidc.getOIDCTokens().getIDTokenString();
            }
            return keep(flow, refresh, answer.getTokens(), idToken[0] != null);
        });
        return idToken[0];
    }

    /** Keeps the tokens of a token response and says what changed. */
    private static String keep(DemoFlow flow, boolean refresh, Tokens tokens, boolean idToken) {
        StringBuilder note = new StringBuilder();
        flow.accessToken = tokens.getAccessToken().getValue();
        if (TokenVerifier.looksLikeJwt(flow.accessToken)) {
            note.append("This client's access tokens are JWTs (RFC 9068), decoded below. ");
        }
        if (idToken) {
            note.append(refresh ? "A new id_token for the same user, without a nonce (OpenID Connect Core §12.2). "
                    : "The id_token says who signed in; the client checks it before it believes it (below). ");
        }
        if (tokens.getRefreshToken() != null) {
            String refreshToken = tokens.getRefreshToken().getValue();
            if (flow.refreshToken != null && !flow.refreshToken.equals(refreshToken)) {
                note.append("The server rotated the refresh token: the old one is now spent (RFC 9700 §4.14.2).");
            }
            flow.refreshToken = refreshToken;
        } else if (refresh) {
            note.append("No new refresh_token, as documented: this client keeps its refresh token.");
        }
        return note.toString();
    }

    void revoke(DemoFlow flow, DemoConfig.ConfiguredClient client, boolean refreshToken) {
        Token token = refreshToken ? new RefreshToken(flow.refreshToken) : new BearerAccessToken(flow.accessToken);
        URI endpoint = api("/oauth/revoke");
        TokenRevocationRequest request = confidential(client)
                ? new TokenRevocationRequest(endpoint, basic(client), token)
                : new TokenRevocationRequest(endpoint, new ClientID(client.client().clientId()), token);
        send(flow, flow.next() + ". Revoke the " + (refreshToken ? "refresh" : "access") + " token",
                authentication(client.client()), request.toHTTPRequest(),
                response -> "Revoked: the token no longer works (an unknown token gets 200 too, RFC 7009 §2.2).");
    }

    /** RFC 7662, for a confidential client (only a client that authenticates may ask). */
    void introspect(DemoFlow flow, DemoConfig.ConfiguredClient client) {
        HTTPRequest request = new TokenIntrospectionRequest(api("/oauth/introspect"), basic(client),
                new BearerAccessToken(flow.accessToken)).toHTTPRequest();
        send(flow, flow.next() + ". Introspect the access token", authentication(client.client()), request,
                response -> TokenIntrospectionResponse.parse(response).toSuccessResponse().isActive()
                        ? "The portal says the token is active, and for whom, which client and which scopes (RFC 7662 "
                                + "§2.2). Only a client that authenticates may ask, so public clients cannot."
                        : "The portal says the token is not active, and nothing more (RFC 7662 §2.2).");
    }

    /** OpenID Connect Core §5.3; keeps the answer in the flow if its {@code sub} is the id_token's. */
    void userinfo(DemoFlow flow) {
        flow.userinfo = null;
        send(flow, flow.next() + ". Ask the UserInfo endpoint who signed in",
                "OpenID Connect Core §5.3: the user's claims, only those the granted scopes release "
                        + "(profile: name and the like, email: email and email_verified, phone, address; §5.4).",
                new UserInfoRequest(api("/oauth/userinfo"), new BearerAccessToken(flow.accessToken)).toHTTPRequest(),
                response -> {
                    String sub = UserInfoResponse.parse(response).toSuccessResponse().getUserInfo().getSubject()
                            .getValue();
                    if (flow.subject != null && !flow.subject.equals(sub)) {
                        // §5.3.2: a mismatch means the answer must not be used
                        return "Its sub (" + sub + ") is not the id_token's (" + flow.subject + "): this client "
                                + "does not use the answer (OpenID Connect Core §5.3.2).";
                    }
                    flow.userinfo = PrettyJson.of(response.getBody());
                    return flow.subject != null
                            ? "Its sub is the id_token's sub, as OpenID Connect Core §5.3.2 requires." : "";
                });
    }

    /** {@code GET /resource/me}, the portal's own API, with the access token. */
    void callApi(DemoFlow flow) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, origin.resolve(ResourceServlet.PATH));
        request.setAuthorization(new BearerAccessToken(flow.accessToken).toAuthorizationHeader());
        send(flow, flow.next() + ". Call the portal's own API with the access token",
                "A resource protected by the adapter's BearerTokenFilter.", request, null);
    }

    /** {@code GET /oauth/jwks}: the portal's public keys, or {@code null} if the request fails. */
    String jwks(DemoFlow flow, String note) {
        HTTPResponse response = send(flow, flow.next() + ". Fetch the portal's public keys", note,
                new HTTPRequest(HTTPRequest.Method.GET, jwksUri()), null);
        return response == null ? null : response.getBody();
    }

    URI jwksUri() {
        return api("/oauth/jwks");
    }

    /**
     * Sends a request, records it and its response as a step, and on a 2xx lets {@code onSuccess}
     * read the response and add to the step's note. Returns a 2xx response, else {@code null}.
     */
    private HTTPResponse send(DemoFlow flow, String title, String note, HTTPRequest request, Reader onSuccess) {
        request.setConnectTimeout(5_000);
        request.setReadTimeout(10_000);
        request.setFollowRedirects(false);
        // over https (--tls): trust exactly the portal's certificate, never turn verification off
        request.setSSLSocketFactory(DemoTls.clientContextFor(origin).getSocketFactory());
        String shownResponse;
        boolean ok = false;
        HTTPResponse result = null;
        try {
            HTTPResponse response = request.send();
            shownResponse = shown(response);
            if (response.indicatesSuccess()) {
                note = onSuccess == null ? note : note + " " + onSuccess.read(response);
                ok = true;
                result = response;
            }
        } catch (IOException e) {
            shownResponse = "The request failed: " + e;
        } catch (ParseException e) {
            shownResponse = "Not the answer the standard describes: " + e.getMessage();
        }
        flow.add(new DemoFlow.Step(title, note.trim(), shown(request), shownResponse, ok));
        return result;
    }

    private static String shown(HTTPRequest request) {
        StringBuilder text = new StringBuilder(request.getMethod() + " " + request.getURI());
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            text.append('\n').append(header.getKey()).append(": ").append(String.join(", ", header.getValue()));
        }
        return request.getBody() == null ? text.toString() : text.append("\n\n").append(request.getBody()).toString();
    }

    private static String shown(HTTPResponse response) {
        StringBuilder text = new StringBuilder("HTTP " + response.getStatusCode() + "\n");
        for (String header : List.of("Content-Type", "Cache-Control", "Pragma", "WWW-Authenticate")) {
            if (response.getHeaderValue(header) != null) {
                text.append(header).append(": ").append(response.getHeaderValue(header)).append('\n');
            }
        }
        String body = response.getBody();
        return text.append('\n').append(body == null || body.isEmpty() ? "(empty body)" : PrettyJson.of(body)).toString();
    }

    private URI api(String path) {
        return URI.create(apiBase + path);
    }

    static boolean confidential(DemoConfig.ConfiguredClient client) {
        return client.client().type() == ClientType.CONFIDENTIAL;
    }

    private static ClientSecretBasic basic(DemoConfig.ConfiguredClient client) {
        return new ClientSecretBasic(new ClientID(client.client().clientId()), new Secret(client.secret()));
    }

    private static String authentication(Client client) {
        if (client.type() == ClientType.CONFIDENTIAL) {
            return "A confidential client authenticates with HTTP Basic (client_secret_basic, RFC 6749 §2.3.1).";
        }
        return client.type() == ClientType.LEGACY_PUBLIC ? "As documented: no client secret, just client_id."
                : "A public client sends client_id and no secret; PKCE proved it started this flow.";
    }
}
