package id.nu.oauth.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole portal over HTTP on a random loopback port, as a browser and a client app see it:
 * authorize → the starter's login hand-off → Spring Security's form login → consent → token →
 * {@code /me} with the bearer token → revoke → 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "nuid.oauth.issuer=http://127.0.0.1/api"})
class PortalFlowTest {

    private static final String REDIRECT = "http://127.0.0.1/callback";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"");
    private static final Pattern SPRING_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]*)\"");

    @Value("${local.server.port}")
    int port;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void authorizeLoginConsentTokenMeRevoke() throws Exception {
        String verifier = base64url(random(32));
        String challenge = base64url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = "/api/oauth/authorize?response_type=code&client_id=demo-app&scope=profile&state=s-42"
                + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + challenge + "&code_challenge_method=S256";

        // 1. Not signed in: the starter's hand-off, then Spring Security's login page
        HttpResponse<String> toHandoff = get(authorize);
        assertThat(toHandoff.statusCode()).isEqualTo(302);
        assertThat(location(toHandoff)).startsWith("/nuid-oauth/login?return=");
        HttpResponse<String> toLogin = get(location(toHandoff));
        assertThat(url(location(toLogin)).getPath()).isEqualTo("/login");

        // 2. A wrong and a right password
        assertThat(location(login("wrong-password"))).contains("/login?error");
        HttpResponse<String> signedIn = login("nu-demo-password");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> back = get(location(signedIn));
        assertThat(location(back)).startsWith("/api/oauth/authorize?");

        // 3. The default consent page, approved
        HttpResponse<String> consentPage = get(location(back));
        assertThat(consentPage.statusCode()).isEqualTo(200);
        assertThat(consentPage.body()).contains("Demo App").contains("NU portal");
        Matcher action = ACTION.matcher(consentPage.body());
        assertThat(action.find()).isTrue();
        HttpResponse<String> approved = post(unescape(action.group(1)),
                form(hiddenFields(consentPage.body()), "nuid_decision", "approve"));
        assertThat(approved.statusCode()).isEqualTo(303);
        URI callback = URI.create(location(approved));
        assertThat(callback.toString()).startsWith(REDIRECT + "?");
        assertThat(query(callback).get("state")).isEqualTo("s-42");

        // 4. The app exchanges the code (PKCE) at the token endpoint
        HttpResponse<String> tokenResponse = post("/api/oauth/token", "grant_type=authorization_code&client_id=demo-app"
                + "&code=" + enc(query(callback).get("code")) + "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + verifier);
        assertThat(tokenResponse.statusCode()).isEqualTo(200);
        assertThat(tokenResponse.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> tokens = JSONObjectUtils.parse(tokenResponse.body());
        String accessToken = (String) tokens.get("access_token");
        assertThat(tokens.get("token_type")).isEqualTo("Bearer");

        // 5. The protected API answers for alice
        HttpResponse<String> me = getWithBearer("/me", accessToken);
        assertThat(me.statusCode()).isEqualTo(200);
        Map<String, Object> who = JSONObjectUtils.parse(me.body());
        assertThat(who.get("sub")).isEqualTo("alice");
        assertThat(who.get("client_id")).isEqualTo("demo-app");

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
    void theFapiStyleClientOfThePropertiesMustPushItsRequests() throws Exception { // RFC 9126 §5, FAPI 2.0 SP §5.3.2.2
        get("/login");
        assertThat(login("nu-demo-password").statusCode()).isEqualTo(302);
        String challenge = base64url(MessageDigest.getInstance("SHA-256").digest(
                base64url(random(32)).getBytes(StandardCharsets.US_ASCII)));
        HttpResponse<String> plain = get("/api/oauth/authorize?response_type=code&client_id=bank-app&scope=openid"
                + "&state=s-7&redirect_uri=" + enc("https://bank.example/callback") + "&code_challenge=" + challenge
                + "&code_challenge_method=S256");
        assertThat(plain.statusCode()).isEqualTo(302);
        URI back = URI.create(location(plain));
        assertThat(back.getHost()).isEqualTo("bank.example");
        assertThat(query(back)).containsEntry("error", "invalid_request").containsEntry("state", "s-7");
    }

    @Test
    void theLoginNeverReturnsToAnotherSite() throws Exception { // RFC 9700 §4.11
        get("/login");
        assertThat(login("nu-demo-password").statusCode()).isEqualTo(302);
        HttpResponse<String> r = get("/nuid-oauth/login?return=" + enc("//evil.example/x"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(location(r)).isEqualTo("/");
    }

    private HttpResponse<String> login(String password) throws Exception {
        Matcher csrf = SPRING_CSRF.matcher(get("/login").body());
        assertThat(csrf.find()).isTrue();
        return post("/login", form(Map.of("_csrf", unescape(csrf.group(1))), "username", "alice", "password", password));
    }

    private static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow();
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
        return URI.create("http://127.0.0.1:" + port).resolve(pathOrUrl);
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
