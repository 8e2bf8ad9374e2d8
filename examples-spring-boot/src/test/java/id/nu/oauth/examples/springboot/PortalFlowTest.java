package id.nu.oauth.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole portal over HTTP on a random loopback port, as a browser and a client app see it:
 * login → authorize → consent → token → {@code /me} with the bearer token → revoke → 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "portal.issuer=http://127.0.0.1/api"})
class PortalFlowTest {

    private static final String REDIRECT = "http://127.0.0.1/callback";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"");

    @LocalServerPort
    int port;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void loginAuthorizeConsentTokenMeRevoke() throws Exception {
        String verifier = base64url(random(32));
        String challenge = base64url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = "/api/oauth/authorize?response_type=code&client_id=demo-app&scope=profile&state=s-42"
                + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + challenge + "&code_challenge_method=S256";

        // 1. Not logged in: the adapter sends the browser to the portal's login with ?return=
        HttpResponse<String> toLogin = get(authorize);
        assertThat(toLogin.statusCode()).isEqualTo(302);
        URI login = url(toLogin.headers().firstValue("Location").orElseThrow());
        assertThat(login.getPath()).isEqualTo("/login");

        // 2. The portal's login form, then a wrong and a right password
        Map<String, String> loginForm = hiddenFields(get(login.toString()).body());
        assertThat(loginForm.get("return")).startsWith("/api/oauth/authorize?");
        assertThat(post("/login", form(loginForm, "username", "alice", "password", "wrong")).statusCode()).isEqualTo(401);
        HttpResponse<String> loggedIn = post("/login", form(loginForm, "username", "alice", "password", "nu-demo-password"));
        assertThat(loggedIn.statusCode()).isEqualTo(303);

        // 3. Back at authorize: the default consent page, approved
        HttpResponse<String> consentPage = get(loggedIn.headers().firstValue("Location").orElseThrow());
        assertThat(consentPage.statusCode()).isEqualTo(200);
        assertThat(consentPage.body()).contains("Demo App");
        Matcher action = ACTION.matcher(consentPage.body());
        assertThat(action.find()).isTrue();
        HttpResponse<String> approved = post(unescape(action.group(1)),
                form(hiddenFields(consentPage.body()), "nuid_decision", "approve"));
        assertThat(approved.statusCode()).isEqualTo(303);
        URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
        assertThat(callback.toString()).startsWith(REDIRECT + "?");
        assertThat(query(callback).get("state")).isEqualTo("s-42");

        // 4. The app exchanges the code (PKCE) at the token endpoint
        HttpResponse<String> tokenResponse = post("/api/oauth/token", "grant_type=authorization_code&client_id=demo-app"
                + "&code=" + enc(query(callback).get("code")) + "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + verifier);
        assertThat(tokenResponse.statusCode()).isEqualTo(200);
        assertThat(tokenResponse.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode tokens = json.readTree(tokenResponse.body());
        String accessToken = tokens.get("access_token").asText();
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");

        // 5. The protected API answers for alice
        HttpResponse<String> me = getWithBearer("/me", accessToken);
        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode who = json.readTree(me.body());
        assertThat(who.get("sub").asText()).isEqualTo("alice");
        assertThat(who.get("client_id").asText()).isEqualTo("demo-app");

        // 6. Revoke (RFC 7009), and the API refuses the token
        assertThat(post("/api/oauth/revoke", "token=" + enc(accessToken)).statusCode()).isEqualTo(200);
        HttpResponse<String> after = getWithBearer("/me", accessToken);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }

    @Test
    void meWithoutATokenIsAChallenge() throws Exception { // RFC 6750 §3.1
        HttpResponse<String> r = get("/me");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer realm=");
    }

    @Test
    void theLoginNeverReturnsToAnotherSite() throws Exception { // RFC 9700 §4.11
        Map<String, String> loginForm = hiddenFields(get("/login?return=" + enc("//evil.example/x")).body());
        assertThat(loginForm.get("return")).isEqualTo("/");
        loginForm.put("return", "https://evil.example/");
        HttpResponse<String> r = post("/login", form(loginForm, "username", "alice", "password", "nu-demo-password"));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElseThrow()).isIn("/", url("/").toString());
    }

    private HttpResponse<String> get(String pathOrUrl) throws Exception {
        return browser.send(HttpRequest.newBuilder(url(pathOrUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getWithBearer(String path, String token) throws Exception {
        return browser.send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String pathOrUrl) {
        URI origin = URI.create("http://127.0.0.1:" + port);
        return origin.resolve(pathOrUrl);
    }

    private static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return fields;
    }

    private static String form(Map<String, String> hidden, String... more) {
        List<String> pairs = new ArrayList<>();
        hidden.forEach((k, v) -> pairs.add(enc(k) + "=" + enc(v)));
        for (int i = 0; i < more.length; i += 2) {
            pairs.add(enc(more[i]) + "=" + enc(more[i + 1]));
        }
        return String.join("&", pairs);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String base64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
