package id.nu.oauth.servlet;

import static id.nu.oauth.servlet.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link BearerTokenFilter} over HTTP (RFC 6750): /me needs "profile", /any needs no scope. */
abstract class BearerFilterContract extends ContainerTestBase {

    BearerFilterContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    private static final String REALM = "Bearer realm=\"https://nu.id/api\"";

    /** A user's access token for the legacy client with these scopes. */
    private String userToken(Browser b, String scope) {
        String code = Browser.query(authorizeApproved(b, legacyParams("s", scope))).get("code");
        HttpResponse<String> r = b.postForm("/api/oauth/token", form("grant_type", "authorization_code", "code", code,
                "redirect_uri", TestPortal.LEGACY_REDIRECT, "client_id", TestPortal.LEGACY));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) json(r).get("access_token");
    }

    private String machineToken(Browser b) {
        HttpResponse<String> r = b.postForm("/api/oauth/token", form("grant_type", "client_credentials",
                "client_id", TestPortal.MACHINE, "client_secret", TestPortal.MACHINE_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) json(r).get("access_token");
    }

    private static void assertChallenge(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertThat(challenge).startsWith(REALM);
        if (error == null) {
            assertThat(challenge).isEqualTo(REALM); // RFC 6750 §3.1: no error code without credentials
        } else {
            assertThat(challenge).contains("error=\"" + error + "\"");
            assertThat(json(r)).containsEntry("error", error);
        }
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void validTokenPassesWithTheTokenAttribute() { // RFC 6750 §2.1
        Browser b = loggedIn();
        String token = userToken(b, "profile");
        HttpResponse<String> r = b.get("/me", "Authorization", "Bearer " + token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("subject=user-").endsWith("client=" + TestPortal.LEGACY);
        // The scheme is case-insensitive (RFC 9110 §11.1).
        assertThat(b.get("/me", "Authorization", "bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    void clientCredentialsTokenNamesTheClientAsSubject_rfc9068_5() {
        Browser b = browser();
        HttpResponse<String> r = b.get("/me", "Authorization", "Bearer " + machineToken(b));
        assertThat(r.body()).isEqualTo("subject=client:" + TestPortal.MACHINE + " client=" + TestPortal.MACHINE);
    }

    @Test
    void noCredentialsIs401WithoutErrorCode() { // RFC 6750 §3.1
        assertChallenge(browser().get("/me"), 401, null);
    }

    @Test
    void otherSchemesCountAsNoCredentials() { // RFC 6750 §3.1
        assertChallenge(browser().get("/me", "Authorization", "Basic dXNlcjpwYXNz"), 401, null);
    }

    @Test
    void tokenInTheQueryIsRefused() { // RFC 9700 §4.3.2: no tokens in URLs; RFC 6750 §3.1 invalid_request
        Browser b = browser();
        String token = machineToken(b);
        assertChallenge(b.get("/me?access_token=" + token), 400, "invalid_request");
    }

    @Test
    void malformedHeaderIs400InvalidRequest() { // RFC 6750 §3.1 invalid_request
        Browser b = browser();
        for (String header : new String[] {"Bearer", "Bearer ", "Bearer a b", "Bearer  abc", "Bearer ab=c", "Bearer ä"}) {
            assertChallenge(b.get("/me", "Authorization", header), 400, "invalid_request");
        }
        assertChallenge(b.get("/me", "Authorization", "Bearer a", "Authorization", "Bearer b"), 400, "invalid_request");
    }

    @Test
    void unknownTokenIs401InvalidToken() { // RFC 6750 §3.1 invalid_token
        assertChallenge(browser().get("/me", "Authorization", "Bearer not-a-real-token"), 401, "invalid_token");
    }

    @Test
    void expiredTokenIs401InvalidToken() {
        Browser b = browser();
        String token = machineToken(b);
        assertThat(b.get("/any", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
        portal.clock.advance(Duration.ofMinutes(16)); // access tokens live 15 minutes
        assertChallenge(b.get("/any", "Authorization", "Bearer " + token), 401, "invalid_token");
    }

    @Test
    void revokedTokenIs401InvalidToken() { // RFC 7009 §2.2
        Browser b = browser();
        String token = machineToken(b);
        assertThat(b.postForm("/api/oauth/revoke", form("token", token)).statusCode()).isEqualTo(200);
        assertChallenge(b.get("/any", "Authorization", "Bearer " + token), 401, "invalid_token");
    }

    @Test
    void missingScopeIs403InsufficientScope() { // RFC 6750 §3.1 insufficient_scope
        Browser b = loggedIn();
        String token = userToken(b, "email");
        HttpResponse<String> r = b.get("/me", "Authorization", "Bearer " + token);
        assertChallenge(r, 403, "insufficient_scope");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("scope=\"profile\"");
        // The same token is fine where no scope is required.
        assertThat(b.get("/any", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    }
}
