package id.nu.oauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link OAuthTestServer#http()}: the servlet adapter on an in-process Jetty, on loopback. */
class HttpTestServerTest {

    private static final String REDIRECT = "http://127.0.0.1/cb";

    private final OAuthTestServer server = OAuthTestServer.create();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theCodeFlowOverHttpWithNimbusAsTheClient() throws Exception {
        server.register(Client.publicClient("app").redirectUri(REDIRECT).scopes("profile").firstParty(true).build());
        HttpTestServer web = server.http().loginAs("alice");
        assertThat(web.origin().getHost()).isEqualTo("127.0.0.1");

        CodeVerifier verifier = new CodeVerifier();
        URI authorize = new com.nimbusds.oauth2.sdk.AuthorizationRequest.Builder(
                new com.nimbusds.oauth2.sdk.ResponseType("code"), new ClientID("app"))
                .redirectionURI(URI.create(REDIRECT)).state(new com.nimbusds.oauth2.sdk.id.State("s1"))
                .codeChallenge(verifier, com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256)
                .endpointURI(web.authorizeUri()).build().toURI();
        HttpResponse<String> redirect = get(authorize);
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=").contains("state=s1");

        String code = query(URI.create(location), "code");
        TokenRequest tokenRequest = new TokenRequest.Builder(web.tokenUri(), new ClientID("app"),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(REDIRECT), verifier)).build();
        TokenResponse tokens = TokenResponse.parse(tokenRequest.toHTTPRequest().send());
        assertThat(tokens.indicatesSuccess()).isTrue();
        String bearer = ((AccessTokenResponse) tokens).getTokens().getAccessToken().getValue();
        assertThat(server.activeToken(bearer).orElseThrow().subject()).isEqualTo("alice");
    }

    @Test
    void theTestLoginPageLogsInAndReturnsToTheAuthorizeRequest() throws Exception {
        server.register(Client.publicClient("app").redirectUri(REDIRECT).scopes("profile").firstParty(true).build());
        HttpTestServer web = server.http();
        AuthorizeCall call = server.anonymous().authorize(server.client("app"));
        String query = call.toRequest().parameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().get(0), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b).orElseThrow();

        HttpResponse<String> toLogin = get(URI.create(web.authorizeUri() + "?" + query));
        assertThat(toLogin.statusCode()).isEqualTo(302);
        URI login = web.origin().resolve(toLogin.headers().firstValue("Location").orElseThrow());
        assertThat(login.getPath()).isEqualTo("/login");
        assertThat(get(login).body()).contains("<form");

        String form = "username=alice&return=" + URLEncoder.encode(query(login, "return"), StandardCharsets.UTF_8);
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(web.loginUri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).isEqualTo(303);

        HttpResponse<String> code = get(web.origin().resolve(back.headers().firstValue("Location").orElseThrow()));
        assertThat(code.statusCode()).isEqualTo(302);
        assertThat(code.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT + "?code=");
    }

    @Test
    void closeStopsTheContainer() throws Exception {
        HttpTestServer web = server.http();
        assertThat(server.http()).isSameAs(web);
        assertThat(get(web.tokenUri()).statusCode()).isEqualTo(405);
        server.close();
        assertThatThrownBy(() -> get(web.tokenUri())).isInstanceOf(ConnectException.class);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in the query");
    }
}
