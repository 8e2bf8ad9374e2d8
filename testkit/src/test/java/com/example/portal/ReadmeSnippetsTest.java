package com.example.portal;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.servlet.BearerTokenFilter;
import id.nu.oauth.testkit.AuthorizeOutcome;
import id.nu.oauth.testkit.IssuedCode;
import id.nu.oauth.testkit.NuidOAuthTest;
import id.nu.oauth.testkit.OAuthTestServer;
import id.nu.oauth.testkit.TestClient;
import id.nu.oauth.testkit.TokenResponse;
import jakarta.servlet.Filter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test kit README's other snippets, compiled and run as they are shown. */
@NuidOAuthTest
class ReadmeSnippetsTest {

    @Test
    void deliberatelyWrongRequests(OAuthTestServer server) {
        TestClient app = server.registerPublicClient("app", "profile");
        TestClient portal = server.registerConfidentialClient("portal", "profile");
        String otherVerifier = "a".repeat(43);
        IssuedCode portalCode = server.as("bob").authorize(portal).consent();

        IssuedCode code = server.as("alice").authorize(app).consent();
        assertThat(code.exchangeRequest().codeVerifier(otherVerifier).send().errorCode()).isEqualTo("invalid_grant");
        IssuedCode another = server.as("alice").authorize(app).consent();             // a failed try spends a code
        assertThat(another.exchangeRequest().redirectUri("https://client.example/other").send().errorCode()).isEqualTo("invalid_grant");
        IssuedCode good = server.as("alice").authorize(app).consent();
        good.exchange();
        assertThat(good.tryExchange().errorCode()).isEqualTo("invalid_grant");            // replay, and the grant is revoked
        TokenResponse r = portalCode.exchangeRequest().clientSecret("wrong...").send();   // 401 invalid_client + WWW-Authenticate
        AuthorizeOutcome o = server.as("alice").authorize(app).redirectUri("https://evil.example/cb").send();
        assertThat(o.isErrorPage()).isTrue();                                              // never a redirect

        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void tokensForYourApiTests(OAuthTestServer server) {
        server.registerPublicClient("app", "profile");
        String bearer = server.issueAccessToken("alice", "app", "profile");   // the real flow, one call
        Filter filter = new BearerTokenFilter(server.engine(), "profile");    // the host's code gets the engine
        server.advance(Duration.ofMinutes(16));                               // and now the token has expired

        assertThat(server.activeToken(bearer)).isEmpty();
        assertThat(filter).isNotNull();
    }
}
