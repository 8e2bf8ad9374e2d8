package id.nu.oauth.servlet;

import static id.nu.oauth.servlet.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Client management and the refresh grace window (issue 12 items 4 and 7) seen over HTTP: a disabled
 * client's token stops at the bearer filter at once (RFC 6750 §3.1), its client authentication
 * fails with a clear 401 invalid_client (RFC 6749 §5.2) and its authorization requests get an error
 * page, never a redirect; a rotated secret's old value works in its grace period; a rotated refresh
 * token reused inside the window gets tokens, beyond the bound the grant is revoked (RFC 9700 §4.14.2).
 */
abstract class ManagementHttpContract extends ContainerTestBase {

    private static final AtomicInteger IDS = new AtomicInteger();

    ManagementHttpContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    private String machine(String secret) {
        String id = "machine-" + IDS.incrementAndGet();
        portal.server.clientManagement().save(Client.confidential(id, SecretHash.of(secret))
                .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("profile").build());
        return id;
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> clientCredentials(String id, String secret) {
        return browser().postForm("/api/oauth/token", form("grant_type", "client_credentials"),
                "Authorization", basic(id, secret));
    }

    @Test
    void aDisabledClientsTokenStopsAtOnceAndItsAuthenticationFailsClearly() { // RFC 6750 §3.1, RFC 6749 §5.2
        String secret = SecretHash.generateSecret();
        String id = machine(secret);
        HttpResponse<String> issued = clientCredentials(id, secret);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String access = (String) json(issued).get("access_token");
        assertThat(browser().get("/any", "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);

        portal.server.clientManagement().disable(id);

        HttpResponse<String> refused = browser().get("/any", "Authorization", "Bearer " + access);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
        HttpResponse<String> r = clientCredentials(id, secret);
        assertError(r, 401, "invalid_client");
        assertThat(json(r)).containsEntry("error_description", "the client is disabled");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
        assertThat(r.body()).doesNotContain(secret);
    }

    @Test
    void aDisabledClientsAuthorizationRequestGetsAnErrorPageNeverARedirect() {
        String id = "disabled-app-" + IDS.incrementAndGet();
        portal.server.clientManagement().save(Client.publicClient(id).redirectUri("id.nu.app:/disabled")
                .scopes("profile").disabled(true).build());
        CodeVerifier verifier = new CodeVerifier();
        HttpResponse<String> r = loggedIn().get(authorizePath("response_type", "code", "client_id", id,
                "redirect_uri", "id.nu.app:/disabled", "state", "s",
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertHtmlSecurityHeaders(r);
    }

    @Test
    void aRotatedSecretsOldValueWorksDuringItsGracePeriod() { // RFC 6749 §2.3.1
        String old = SecretHash.generateSecret();
        String id = machine(old);
        String fresh = portal.server.clientManagement().rotateSecret(id, Duration.ofMinutes(10));

        assertThat(clientCredentials(id, old).statusCode()).isEqualTo(200);
        assertThat(clientCredentials(id, fresh).statusCode()).isEqualTo(200);
        portal.server.clientManagement().rotateSecret(id, Duration.ZERO);
        assertError(clientCredentials(id, fresh), 401, "invalid_client");
    }

    @Test
    void aRotatedRefreshTokenReusedInsideTheGraceWindowGetsTokensThenBeyondTheBoundTheGrantIsRevoked() {
        String id = "grace-app-" + IDS.incrementAndGet();
        String redirect = "id.nu.app:/grace";
        portal.server.clientManagement().save(Client.publicClient(id).redirectUri(redirect).scopes("profile")
                .refreshGrace(Duration.ofSeconds(10), 1).build());
        Browser b = loggedIn();
        CodeVerifier verifier = new CodeVerifier();
        URI back = authorizeApproved(b, "response_type", "code", "client_id", id, "redirect_uri", redirect,
                "state", "s", "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256");
        HttpResponse<String> r = b.postForm("/api/oauth/token", form("grant_type", "authorization_code",
                "code", Browser.query(back).get("code"), "redirect_uri", redirect, "client_id", id,
                "code_verifier", verifier.getValue()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String refresh = (String) json(r).get("refresh_token");

        Map<String, Object> rotated = json(refresh(b, id, refresh));
        HttpResponse<String> retried = refresh(b, id, refresh);
        assertThat(retried.statusCode()).as("inside the window").isEqualTo(200);
        assertNoStore(retried);
        assertThat(json(retried).get("refresh_token")).isNotEqualTo(rotated.get("refresh_token"));

        assertError(refresh(b, id, refresh), 400, "invalid_grant");
        assertThat(b.get("/any", "Authorization", "Bearer " + rotated.get("access_token")).statusCode())
                .as("beyond the bound: the grant is revoked").isEqualTo(401);
    }

    private static HttpResponse<String> refresh(Browser b, String clientId, String refreshToken) {
        return b.postForm("/api/oauth/refreshAccessToken", form("grant_type", "refresh_token",
                "refresh_token", refreshToken, "client_id", clientId));
    }
}
