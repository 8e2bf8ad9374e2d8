package id.nu.oauth.examples;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.ClientRequirements;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The demo's "strong" client, {@value #CLIENT_ID}: a confidential client that authenticates with
 * {@code private_key_jwt} (RFC 7523 §2.2; its ES256 key pair made at start, the public half
 * registered inline as a JWK set), must push its authorization requests (PAR, RFC 9126) and gets
 * DPoP-bound tokens only (RFC 9449). Every message is built, sent and parsed with Nimbus's OAuth SDK
 * ({@link PushedAuthorizationRequest}, {@link PrivateKeyJWT}, {@link DefaultDPoPProofFactory},
 * {@link TokenRequest}, {@link UserInfoRequest}) and recorded in the {@link StrongFlow} with its JWTs
 * decoded and its token values masked, for {@link StrongClientPage}.
 *
 * <pre>{@code
 * StrongClient strong = StrongClient.generate(origin, apiBase, issuer);
 * builder.client(strong.registration());                 // when building the AuthorizationServer
 * StrongFlow flow = strong.start();                      // PAR; flow.requestUri is set on success
 * URI authorize = strong.authorizeRedirect(flow);        // only client_id and request_uri
 * }</pre>
 */
final class StrongClient {

    static final String CLIENT_ID = "demo-strong";
    static final String NAME = "Demo client (DPoP + PAR + private_key_jwt)";
    static final String SCOPE = "openid profile email";
    /** How many public keys the registration keeps: this node's and the latest earlier ones. */
    static final int KEPT_KEYS = 5;
    /** Form fields and JSON members whose values the page shows as a prefix only. */
    private static final Set<String> MASKED = Set.of("client_assertion", "code", "code_verifier", "refresh_token",
            "access_token", "id_token");

    private final ECKey key;
    private final URI origin;
    private final String apiBase;
    private final URI issuer;
    private final ClientID clientId = new ClientID(CLIENT_ID);

    private StrongClient(ECKey key, URI origin, String apiBase, URI issuer) {
        this.key = key;
        this.origin = origin;
        this.apiBase = apiBase;
        this.issuer = issuer;
    }

    /**
     * A client with a new ES256 key pair.
     *
     * @param origin this server's origin, where the client's callback is
     * @param apiBase where the OAuth endpoints are, {@code origin + basePath}
     * @param issuer the server's issuer: the client assertion's {@code aud} and the callback's {@code iss}
     */
    static StrongClient generate(URI origin, String apiBase, URI issuer) {
        try {
            return new StrongClient(new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).keyID("demo-strong-" + UUID.randomUUID().toString().substring(0, 8))
                    .generate(), origin, apiBase, issuer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the strong client's key", e);
        }
    }

    /** The registration: the public key inline, PAR and DPoP required. */
    Client registration() {
        return registration(null);
    }

    /**
     * The registration, keeping up to {@value #KEPT_KEYS} keys of an earlier registration in a shared store
     * ({@code previousJwks}, or {@code null}): each node of a demo cluster, and each restart, makes its own
     * key, and assertions signed by any of them still verify (the server picks the key by {@code kid}).
     */
    Client registration(String previousJwks) {
        List<JWK> keys = new ArrayList<>();
        keys.add(key.toPublicJWK());
        if (previousJwks != null) {
            try {
                for (JWK earlier : JWKSet.parse(previousJwks).getKeys()) {
                    if (keys.size() < KEPT_KEYS && !earlier.isPrivate() && !key.getKeyID().equals(earlier.getKeyID())) {
                        keys.add(earlier);
                    }
                }
            } catch (java.text.ParseException unusable) {
                // only this node's key then
            }
        }
        return Client.confidentialWithKeys(CLIENT_ID, ClientKeys.inline(new JWKSet(keys).toString()))
                .name(NAME).redirectUri(redirectUri().toString()).scopes("openid", "profile", "email")
                .requirements(new ClientRequirements(true, false, true, false))
                .build();
    }

    /** The public half of the client's key, as registered. */
    String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    URI redirectUri() {
        return URI.create(origin + StrongClientServlet.CALLBACK_PATH);
    }

    URI endpoint(String path) {
        return URI.create(apiBase + path);
    }

    // ------------------------------------------------------------------ the messages

    /** Step 1: a new DPoP key for this flow and the pushed authorization request (RFC 9126 §2.1). */
    StrongFlow start() {
        ECKey dpopKey;
        try {
            dpopKey = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make a DPoP key", e);
        }
        StrongFlow flow = new StrongFlow(dpopKey.toJSONString());
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        flow.state = state.getValue();
        flow.nonce = nonce.getValue();
        flow.codeVerifier = verifier.getValue();
        AuthorizationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(SCOPE),
                clientId, redirectUri()).state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        URI par = endpoint("/oauth/par");
        HTTPRequest http = new PushedAuthorizationRequest(par, assertion(), request).toHTTPRequest();
        http.setDPoP(proof(flow, "POST", par, null));
        send(flow, flow.next() + ". Push the authorization request (PAR)",
                "RFC 9126 §2.1: the whole authorization request goes to the server directly, over TLS, "
                        + "authenticated with a client assertion signed by the client's private key (private_key_jwt, "
                        + "RFC 7523 §2.2), so nothing of it can be read or changed in the browser. A DPoP proof rides "
                        + "along (RFC 9449 §10.1): the code will be bound to this flow's key.",
                http, response -> {
                    PushedAuthorizationSuccessResponse ok = PushedAuthorizationResponse.parse(response)
                            .toSuccessResponse();
                    flow.requestUri = ok.getRequestURI().toString();
                    return "201 Created with a request_uri that stands for the request, single use and valid for "
                            + ok.getLifetime() + " s (RFC 9126 §2.2).";
                });
        if (flow.requestUri != null) {
            URI location = authorizeRedirect(flow);
            flow.add(new StrongFlow.Step(flow.next() + ". Send the browser to authorize with the request_uri",
                    "RFC 9126 §4: the authorization request the browser carries holds only client_id and request_uri; "
                            + "scope, redirect_uri, state, nonce and the PKCE challenge stay with the server. The "
                            + "portal now asks the user to sign in and to consent.",
                    "HTTP 303 See Other\nLocation: " + location, List.of(), null, true));
        }
        return flow;
    }

    /** The authorize URL of step 2: {@code client_id} and {@code request_uri} only. */
    URI authorizeRedirect(StrongFlow flow) {
        return new AuthorizationRequest.Builder(URI.create(flow.requestUri), clientId)
                .endpointURI(endpoint("/oauth/authorize")).build().toURI();
    }

    /**
     * Steps 3 and 4: the callback (state and RFC 9207 {@code iss} checked), then the code exchange with a
     * client assertion and a DPoP proof, again with the server's nonce if it asks for one.
     */
    void callback(StrongFlow flow, URI callback) {
        String shown = maskQuery(callback);
        AuthorizationSuccessResponse success;
        try {
            AuthorizationResponse response = AuthorizationResponse.parse(callback);
            if (!response.indicatesSuccess()) {
                flow.state = null; // this flow is over; Start over begins a new one
                ErrorObject error = response.toErrorResponse().getErrorObject();
                flow.add(new StrongFlow.Step(flow.next() + ". Back at the redirect URI with an error",
                        "The portal answered " + error.getCode() + (error.getDescription() == null ? "" : ": "
                                + error.getDescription()) + " (RFC 6749 §4.1.2.1).", "GET " + shown, List.of(), null,
                        false));
                return;
            }
            success = response.toSuccessResponse();
        } catch (ParseException e) {
            flow.add(new StrongFlow.Step(flow.next() + ". Back at the redirect URI", "Not an authorization response: "
                    + e.getMessage(), "GET " + shown, List.of(), null, false));
            return;
        }
        boolean stateOk = success.getState() != null && success.getState().getValue().equals(flow.state);
        boolean issOk = success.getIssuer() != null && success.getIssuer().getValue().equals(issuer.toString());
        flow.state = null; // used up
        flow.requestUri = null;
        flow.add(new StrongFlow.Step(flow.next() + ". Back at the redirect URI with a code",
                (stateOk ? "The state is the one this client pushed. " : "The state does not match: this client stops. ")
                        + (issOk ? "iss names this server (RFC 9207). " : "iss does not name this server: this client stops. ")
                        + "The user signed in and consented at the portal in between.",
                "GET " + shown, List.of(), null, stateOk && issOk));
        if (!stateOk || !issOk) {
            return;
        }
        tokens(flow, "Exchange the code for DPoP-bound tokens", new AuthorizationCodeGrant(success.getAuthorizationCode(),
                redirectUri(), new CodeVerifier(flow.codeVerifier)));
        flow.codeVerifier = null;
    }

    /** A refresh with a new client assertion and a new DPoP proof of the same key (RFC 9449 §5). */
    void refresh(StrongFlow flow) {
        tokens(flow, "Refresh with a new proof of the same key", new RefreshTokenGrant(new RefreshToken(flow.refreshToken)));
    }

    private void tokens(StrongFlow flow, String title, AuthorizationGrant grant) {
        URI token = endpoint("/oauth/token");
        boolean refresh = grant instanceof RefreshTokenGrant;
        String note = refresh
                ? "RFC 9449 §5: the refresh comes with a new client assertion and a fresh DPoP proof of the same key; "
                        + "the new access token is bound to that key again."
                : "RFC 6749 §4.1.3 with PKCE (RFC 7636), a new client assertion (each jti is used once, RFC 7523 §3) "
                        + "and a DPoP proof for POST " + token + " (RFC 9449 §4.2), without ath since there is no "
                        + "access token yet" + (flow.dpopNonce == null ? "." : ", with the server's last nonce.");
        withNonceRetry(flow, title, note, () -> {
            HTTPRequest http = new TokenRequest.Builder(token, assertion(), grant).build().toHTTPRequest();
            http.setDPoP(proof(flow, "POST", token, null));
            return http;
        }, response -> {
            AccessTokenResponse answer = OIDCTokenResponseParser.parse(response).toSuccessResponse();
            Tokens tokens = answer.getTokens();
            AccessToken access = tokens.getAccessToken();
            flow.accessToken = access.getValue();
            flow.tokenType = access.getType().getValue();
            StringBuilder said = new StringBuilder();
            said.append(access instanceof DPoPAccessToken
                    ? "token_type DPoP: the access token is bound to this flow's key (cnf.jkt, RFC 9449 §6); a thief "
                            + "without the private key cannot use it. "
                    : "Not a DPoP token: this client expected token_type DPoP. ");
            if (tokens.getRefreshToken() != null) {
                String value = tokens.getRefreshToken().getValue();
                if (refresh && !value.equals(flow.refreshToken)) {
                    said.append("The refresh token rotated. ");
                }
                flow.refreshToken = value;
            }
            if (answer instanceof OIDCTokenResponse oidc && oidc.getOIDCTokens().getIDTokenString() != null) {
                flow.idToken = oidc.getOIDCTokens().getIDTokenString();
            }
            return said.toString();
        });
    }

    /** Userinfo with {@code Authorization: DPoP} and a proof whose {@code ath} is the token's hash (RFC 9449 §7.1). */
    void userinfo(StrongFlow flow) {
        URI userinfo = endpoint("/oauth/userinfo");
        withNonceRetry(flow, "Call userinfo with the DPoP-bound token",
                "RFC 9449 §7.1: the token goes in Authorization with the DPoP scheme, and the DPoP header carries "
                        + "a new proof for GET " + userinfo + " whose ath is the SHA-256 of the access token.",
                () -> {
                    DPoPAccessToken token = new DPoPAccessToken(flow.accessToken);
                    HTTPRequest http = new UserInfoRequest(userinfo, token).toHTTPRequest();
                    http.setDPoP(proof(flow, "GET", userinfo, token));
                    return http;
                }, response -> "The user's claims: "
                        + UserInfoResponse.parse(response).toSuccessResponse().getUserInfo().toJSONObject().keySet()
                        + ".");
    }

    /** The same token as a plain bearer token: the server must refuse it (RFC 9449 §7.2). */
    void userinfoAsBearer(StrongFlow flow) {
        URI userinfo = endpoint("/oauth/userinfo");
        HTTPRequest http = new UserInfoRequest(userinfo, new BearerAccessToken(flow.accessToken)).toHTTPRequest();
        String title = flow.next() + ". Try the same token as a Bearer token";
        HTTPResponse response = exchange(http);
        boolean refused = response != null && response.getStatusCode() == 401;
        flow.add(new StrongFlow.Step(title, refused
                ? "Refused, as it must be (RFC 9449 §7.2): a DPoP-bound token is only good with a proof of its key, "
                        + "so a copy of the token alone (from a log, a proxy, a leaked header) is worthless."
                : "The server did not refuse it: this should not happen.",
                shown(http), decoded(http), response == null ? "The request failed." : shown(response), refused));
    }

    // ------------------------------------------------------------------ Nimbus objects

    /** A new {@code private_key_jwt} assertion for {@code aud} = the issuer, valid 60 s, with a fresh jti. */
    private PrivateKeyJWT assertion() {
        Date now = new Date();
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(clientId,
                List.of(new Audience(issuer.toString())), new Date(now.getTime() + 60_000), null, now, new JWTID());
        try {
            return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, key.toECPrivateKey(), key.getKeyID(), null);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the client assertion", e);
        }
    }

    private static SignedJWT proof(StrongFlow flow, String method, URI uri, AccessToken token) {
        try {
            DPoPProofFactory factory = new DefaultDPoPProofFactory(ECKey.parse(flow.dpopKey), JWSAlgorithm.ES256);
            Nonce nonce = flow.dpopNonce == null ? null : new Nonce(flow.dpopNonce);
            return factory.createDPoPJWT(method, uri, token, nonce);
        } catch (JOSEException | java.text.ParseException e) {
            throw new IllegalStateException("cannot make a DPoP proof", e);
        }
    }

    /** The thumbprint of this flow's DPoP key (RFC 7638), which the tokens' {@code cnf.jkt} names. */
    static String thumbprint(StrongFlow flow) {
        try {
            return ECKey.parse(flow.dpopKey).computeThumbprint().toString();
        } catch (JOSEException | java.text.ParseException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------ sending and showing

    @FunctionalInterface
    private interface Reader {
        String read(HTTPResponse response) throws ParseException;
    }

    @FunctionalInterface
    private interface Builder {
        HTTPRequest build();
    }

    /**
     * Sends the request; when the server answers {@code use_dpop_nonce} (RFC 9449 §8) with a
     * {@code DPoP-Nonce}, records that and sends a newly built request (new proof with the nonce, new
     * client assertion) once more.
     */
    private void withNonceRetry(StrongFlow flow, String title, String note, Builder builder, Reader onSuccess) {
        HTTPResponse response = send(flow, flow.next() + ". " + title, note, builder.build(), onSuccess);
        if (response != null && !response.indicatesSuccess() && askedForNonce(response)) {
            StrongFlow.Step asked = flow.steps.remove(flow.steps.size() - 1);
            flow.add(new StrongFlow.Step(asked.title() + ": the server asks for its nonce",
                    "RFC 9449 §8: the server answers use_dpop_nonce with a DPoP-Nonce header. That is expected, not a "
                            + "failure: the client builds a new proof with that nonce (and a new client assertion, "
                            + "since the first one's jti is spent) and sends the request again.",
                    asked.request(), asked.decoded(), asked.response(), true));
            send(flow, flow.next() + ". " + title + ", again with the server's nonce", note, builder.build(), onSuccess);
        }
    }

    private static boolean askedForNonce(HTTPResponse response) {
        if (response.getDPoPNonce() == null) {
            return false;
        }
        String challenge = response.getHeaderValue("WWW-Authenticate");
        if (challenge != null && challenge.contains("use_dpop_nonce")) {
            return true;
        }
        try {
            return "use_dpop_nonce".equals(TokenErrorResponse.parse(response).getErrorObject().getCode());
        } catch (ParseException e) {
            return false;
        }
    }

    /** Sends, keeps the server's DPoP nonce, records the step; returns the response or {@code null}. */
    private HTTPResponse send(StrongFlow flow, String title, String note, HTTPRequest request, Reader onSuccess) {
        HTTPResponse response = exchange(request);
        if (response == null) {
            flow.add(new StrongFlow.Step(title, note, shown(request), decoded(request), "The request failed.", false));
            return null;
        }
        if (response.getDPoPNonce() != null) {
            flow.dpopNonce = response.getDPoPNonce().getValue();
        }
        boolean ok = false;
        if (response.indicatesSuccess()) {
            try {
                note = note + " " + onSuccess.read(response);
                ok = true;
            } catch (ParseException e) {
                note = note + " Not the answer the standard describes: " + e.getMessage();
            }
        }
        flow.add(new StrongFlow.Step(title, note, shown(request), decoded(request), shown(response), ok));
        return response;
    }

    private HTTPResponse exchange(HTTPRequest request) {
        request.setConnectTimeout(5_000);
        request.setReadTimeout(10_000);
        request.setFollowRedirects(false);
        // over https (--tls): trust exactly the portal's certificate
        request.setSSLSocketFactory(DemoTls.clientContextFor(origin).getSocketFactory());
        try {
            return request.send();
        } catch (IOException e) {
            return null;
        }
    }

    /** The client assertion and the DPoP proof of a request, decoded (header and claims; never the signature). */
    private static List<StrongFlow.Jwt> decoded(HTTPRequest request) {
        List<StrongFlow.Jwt> out = new ArrayList<>();
        String body = request.getBody();
        if (body != null) {
            for (String pair : body.split("&")) {
                if (pair.startsWith("client_assertion=")) {
                    out.add(decode("client_assertion: private_key_jwt (RFC 7523 §2.2, §3)",
                            URLDecoder.decode(pair.substring("client_assertion=".length()), StandardCharsets.UTF_8)));
                }
            }
        }
        if (request.getDPoP() != null) {
            out.add(decode("DPoP proof (RFC 9449 §4.2)", request.getDPoP().serialize()));
        }
        return out;
    }

    private static StrongFlow.Jwt decode(String label, String jwt) {
        try {
            SignedJWT parsed = SignedJWT.parse(jwt);
            return new StrongFlow.Jwt(label, PrettyJson.of(parsed.getHeader().toString()),
                    PrettyJson.of(parsed.getPayload().toString()));
        } catch (java.text.ParseException e) {
            return new StrongFlow.Jwt(label, "not a JWT", "");
        }
    }

    /** Shows a token or secret as its first eight characters. */
    static String mask(String value) {
        if (value == null) {
            return "(none)";
        }
        return (value.length() > 12 ? value.substring(0, 8) : "") + "… (masked, " + value.length() + " characters)";
    }

    private static String shown(HTTPRequest request) {
        StringBuilder text = new StringBuilder(request.getMethod() + " " + request.getURI());
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            String value = String.join(", ", header.getValue());
            if ("Authorization".equalsIgnoreCase(header.getKey())) {
                int space = value.indexOf(' ');
                value = space < 0 ? mask(value) : value.substring(0, space + 1) + mask(value.substring(space + 1));
            } else if ("DPoP".equalsIgnoreCase(header.getKey())) {
                value = mask(value) + "  (decoded below)";
            }
            text.append('\n').append(header.getKey()).append(": ").append(value);
        }
        String body = request.getBody();
        if (body == null || body.isEmpty()) {
            return text.toString();
        }
        text.append("\n\n");
        String[] pairs = body.split("&");
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
            text.append(i == 0 ? "" : "&\n");
            if (eq >= 0 && MASKED.contains(name)) {
                text.append(name).append('=')
                        .append(mask(URLDecoder.decode(pairs[i].substring(eq + 1), StandardCharsets.UTF_8)));
            } else {
                text.append(pairs[i]);
            }
        }
        return text.toString();
    }

    private static String shown(HTTPResponse response) {
        StringBuilder text = new StringBuilder("HTTP " + response.getStatusCode() + "\n");
        for (String header : List.of("Content-Type", "Cache-Control", "DPoP-Nonce", "WWW-Authenticate")) {
            if (response.getHeaderValue(header) != null) {
                text.append(header).append(": ").append(response.getHeaderValue(header)).append('\n');
            }
        }
        String body = response.getBody();
        if (body == null || body.isEmpty()) {
            return text.append("\n(empty body)").toString();
        }
        try {
            net.minidev.json.JSONObject json = JSONObjectUtils.parse(body);
            for (String name : MASKED) {
                if (json.get(name) instanceof String value) {
                    json.put(name, mask(value));
                }
            }
            return text.append('\n').append(PrettyJson.of(json.toJSONString())).toString();
        } catch (ParseException notJson) {
            return text.append('\n').append(body).toString();
        }
    }

    /** A callback URL with the code masked. */
    private static String maskQuery(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return uri.toString();
        }
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            out.append(out.length() == 0 ? "" : "&");
            out.append(eq >= 0 && MASKED.contains(name)
                    ? name + "=" + mask(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) : pair);
        }
        String s = uri.toString();
        return s.substring(0, s.indexOf('?') + 1) + out;
    }
}
