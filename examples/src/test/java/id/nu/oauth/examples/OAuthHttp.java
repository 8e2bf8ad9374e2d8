package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import id.nu.oauth.servlet.ConsentView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client application's side of the flow against a running demo portal, over real HTTP: sign in on
 * a node's login page, authorize there (consenting if asked), and call the token, revoke and
 * protected API endpoints of any node. Authorization requests and responses are built and parsed by
 * Nimbus, an independent OAuth implementation; the token endpoint is called with
 * {@link HttpClient} so the concurrency tests can fire many requests at once.
 */
final class OAuthHttp {

    /**
     * The demo clients' registered redirect URI, sent as registered (port 80, where nothing listens:
     * the tests read the code from the Location header and never follow it).
     */
    static final URI CALLBACK = URI.create("http://127.0.0.1/demo-client/callback");

    /** One of the demo's clients, with its secret if it is confidential. */
    record TestClient(String id, String secret) {
        static final TestClient PKCE = new TestClient("demo-pkce", null);
        /** From {@code demo-config.json}: confidential, first-party (no consent page), refresh policy keep. */
        static final TestClient MY_PORTAL_APP = new TestClient("my-portal-app",
                "ckMNLe9KlNv4Sr0R3x78bs4LX4td0fQyqKcqY-oACBE");

        /** The built-in {@code demo-confidential}, whose secret is made afresh with each configuration. */
        static TestClient confidential(DemoConfig config) {
            for (DemoConfig.ConfiguredClient c : config.clients()) {
                if (c.client().clientId().equals("demo-confidential")) {
                    return new TestClient("demo-confidential", c.secret());
                }
            }
            throw new IllegalArgumentException("no demo-confidential in " + config.source());
        }
    }

    /** A code from the authorize endpoint, with what the client must send to redeem it. */
    record IssuedCode(TestClient client, String code, CodeVerifier verifier, String iss) {
        /** The form of the token request that redeems it (RFC 6749 §4.1.3, RFC 7636 §4.5). */
        Map<String, String> redeemForm() {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "authorization_code");
            form.put("code", code);
            form.put("redirect_uri", CALLBACK.toString());
            form.put("code_verifier", verifier.getValue());
            if (client.secret() == null) {
                form.put("client_id", client.id());
            }
            return form;
        }
    }

    /** The token pair a successful token response carries. */
    record Tokens(String access, String refresh) {
    }

    private final HttpClient http;

    OAuthHttp(HttpClient http) {
        this.http = http;
    }

    OAuthHttp() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** A browser signed in on {@code origin}'s login page (the session lives in that node's memory). */
    static Browser signIn(URI origin, String username, String password) throws Exception {
        Browser browser = new Browser();
        Browser.Page login = browser.get(origin.resolve("/login"));
        Browser.Page after = browser.submit(login.form("/login", "password").with("username", username)
                .with("password", password));
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        assertThat(after.body()).contains("Sign out");
        return browser;
    }

    /**
     * GET /api/oauth/authorize at {@code origin} with PKCE S256 for a user already signed in there,
     * approving the consent page if the node shows one, and returns the code from the redirect.
     */
    static IssuedCode authorize(Browser browser, URI origin, TestClient client) throws Exception {
        return authorize(browser, origin, client, "profile");
    }

    /** The same with the scopes given (space-separated). */
    static IssuedCode authorize(Browser browser, URI origin, TestClient client, String scope) throws Exception {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(client.id()))
                .endpointURI(URI.create(origin + "/api/oauth/authorize")).redirectionURI(CALLBACK)
                .scope(Scope.parse(scope)).state(state).codeChallenge(verifier, CodeChallengeMethod.S256).build();
        Browser.Page answer = browser.getOnce(request.toURI());
        if (answer.status() == 200) {
            assertThat(answer.body()).contains("is asking for access to your <bdi>NU.ID</bdi> account");
            answer = browser.submitOnce(answer.form("", ConsentView.APPROVE)
                    .with(ConsentView.DECISION_FIELD, ConsentView.APPROVE));
        }
        assertThat(answer.status()).as(answer.body()).isIn(302, 303);
        AuthorizationResponse parsed = AuthorizationResponse.parse(URI.create(answer.header("Location")));
        assertThat(parsed.indicatesSuccess()).as(answer.header("Location")).isTrue();
        AuthorizationSuccessResponse success = parsed.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        AuthorizationCode code = success.getAuthorizationCode();
        return new IssuedCode(client, code.getValue(), verifier,
                success.getIssuer() == null ? null : success.getIssuer().getValue());
    }

    /** POST a form to {@code origin + path}, with HTTP Basic for a confidential client. */
    HttpResponse<String> post(URI origin, String path, TestClient client, Map<String, String> form)
            throws IOException, InterruptedException {
        return http.send(postRequest(origin, path, client, form), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest postRequest(URI origin, String path, TestClient client, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (client.secret() != null) {
            // RFC 6749 §2.3.1: form-urlencode id and secret, then Base64
            String pair = URLEncoder.encode(client.id(), StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(client.secret(), StandardCharsets.UTF_8);
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return request.build();
    }

    /** Redeems a code at {@code origin}'s token endpoint and expects tokens. */
    Tokens redeem(URI origin, IssuedCode code) throws Exception {
        return tokens(post(origin, "/api/oauth/token", code.client(), code.redeemForm()));
    }

    /** The refresh request form (RFC 6749 §6). */
    static Map<String, String> refreshForm(TestClient client, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (client.secret() == null) {
            form.put("client_id", client.id());
        }
        return form;
    }

    /** POST /api/oauth/refreshAccessToken (the NU.ID path) at {@code origin}. */
    HttpResponse<String> refresh(URI origin, TestClient client, String refreshToken) throws Exception {
        return post(origin, "/api/oauth/refreshAccessToken", client, refreshForm(client, refreshToken));
    }

    /** POST /api/oauth/revoke at {@code origin} (RFC 7009). */
    HttpResponse<String> revoke(URI origin, TestClient client, String token) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        if (client.secret() == null) {
            form.put("client_id", client.id());
        }
        return post(origin, "/api/oauth/revoke", client, form);
    }

    /** GET /resource/me at {@code origin} with the bearer token; its status (RFC 6750). */
    int api(URI origin, String accessToken) throws Exception {
        return http.send(HttpRequest.newBuilder(origin.resolve(ResourceServlet.PATH)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + accessToken).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** A successful token response, parsed by Nimbus. */
    static Tokens tokens(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        TokenResponse parsed = TokenResponse.parse(JSONObjectUtils.parse(response.body()));
        assertThat(parsed.indicatesSuccess()).isTrue();
        AccessTokenResponse ok = parsed.toSuccessResponse();
        return new Tokens(ok.getTokens().getAccessToken().getValue(),
                ok.getTokens().getRefreshToken() == null ? null : ok.getTokens().getRefreshToken().getValue());
    }

    /** The {@code error} code of an error response, parsed by Nimbus. */
    static String error(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 401);
        ErrorObject error = TokenErrorResponse.parse(JSONObjectUtils.parse(response.body())).getErrorObject();
        return error.getCode();
    }
}
