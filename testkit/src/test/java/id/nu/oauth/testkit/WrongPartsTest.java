package id.nu.oauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.Client;
import org.junit.jupiter.api.Test;

/** Requests with one deliberately wrong part, and the OAuth error each must produce. */
class WrongPartsTest {

    private final OAuthTestServer server = OAuthTestServer.create();
    private final TestClient app = server.registerPublicClient("app", "profile");
    private final TestClient portal = server.registerConfidentialClient("portal", "profile");

    @Test
    void wrongVerifierIsInvalidGrant() { // RFC 7636 §4.6
        IssuedCode code = server.as("alice").authorize(app).consent();
        TokenResponse r = code.exchangeRequest().codeVerifier(Pkce.newVerifier()).send();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void missingVerifierIsInvalidGrant() { // RFC 7636 §4.6
        IssuedCode code = server.as("alice").authorize(app).consent();
        assertThat(code.exchangeRequest().without("code_verifier").send().errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void otherRedirectUriAtTheTokenEndpointIsInvalidGrant() { // RFC 6749 §4.1.3
        IssuedCode code = server.as("alice").authorize(app).consent();
        TokenResponse r = code.exchangeRequest().redirectUri("https://client.example/other").send();
        assertThat(r.errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void unregisteredRedirectUriAtAuthorizeIsAnErrorPageNeverARedirect() { // RFC 6749 §4.1.2.1
        AuthorizeOutcome o = server.as("alice").authorize(app).redirectUri("https://evil.example/cb").send();
        assertThat(o.isErrorPage()).isTrue();
        assertThat(o.isRedirect()).isFalse();
        assertThat(o.errorCode()).isEqualTo("invalid_request");
    }

    @Test
    void replayedCodeIsInvalidGrantAndRevokesWhatItIssued() { // RFC 6749 §4.1.2
        IssuedCode code = server.as("alice").authorize(app).consent();
        Tokens tokens = code.exchange();

        TokenResponse replay = code.tryExchange();
        assertThat(replay.errorCode()).isEqualTo("invalid_grant");
        assertThat(tokens.isActive()).isFalse();
        assertThat(tokens.tryRefresh().errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void wrongSecretWithBasicIs401WithAChallenge() { // RFC 6749 §5.2
        IssuedCode code = server.as("alice").authorize(portal).consent();
        TokenResponse r = code.exchangeRequest().clientSecret("x".repeat(43)).send();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("invalid_client");
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void wrongSecretInTheBodyIs401WithAChallenge() { // RFC 6749 §5.2 (401 for every method), RFC 7235 §3.1
        IssuedCode code = server.as("alice").authorize(portal).consent();
        TokenResponse r = code.exchangeRequest().secretInBody().clientSecret("x".repeat(43)).send();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("invalid_client");
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=");
    }

    @Test
    void rightSecretInTheBodyWorks() { // client_secret_post, RFC 6749 §2.3.1
        IssuedCode code = server.as("alice").authorize(portal).consent();
        assertThat(code.exchangeRequest().secretInBody().send().isSuccess()).isTrue();
    }

    @Test
    void codeOfAnotherClientIsInvalidGrant() { // RFC 6749 §4.1.3
        IssuedCode code = server.as("alice").authorize(portal).consent();
        TokenResponse r = code.exchangeRequest().basicAuth("portal-2", "y".repeat(43)).send();
        assertThat(r.errorCode()).isEqualTo("invalid_client");

        TestClient other = server.registerPublicClient("other");
        TokenResponse stolen = code.exchangeRequest().withoutClientAuthentication().param("client_id", other.clientId()).send();
        assertThat(stolen.errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void missingPkceForAPublicClientRedirectsWithInvalidRequest() { // OAuth 2.1 §4.1.1
        AuthorizeOutcome o = server.as("alice").authorize(app).withoutPkce().send();
        assertThat(o.isRedirect()).isTrue();
        assertThat(o.errorCode()).isEqualTo("invalid_request");
    }

    @Test
    void plainPkceIsRefusedUnlessAllowed() { // RFC 9700 §2.1.1
        assertThat(server.as("alice").authorize(app).plainPkce().send().errorCode()).isEqualTo("invalid_request");

        TestClient lenient = server.register(Client.publicClient("lenient").redirectUri("https://l.example/cb")
                .allowPlainPkce(true).build());
        assertThat(server.as("alice").authorize(lenient).plainPkce().consent().exchange().isActive()).isTrue();
    }

    @Test
    void duplicatedParametersAreRefused() { // RFC 6749 §3.1, §3.2
        AuthorizeOutcome o = server.as("alice").authorize(app).addParam("state", "again").send();
        assertThat(o.errorCode()).isEqualTo("invalid_request");

        IssuedCode code = server.as("alice").authorize(app).consent();
        assertThat(code.exchangeRequest().addParam("code", "again").send().errorCode()).isEqualTo("invalid_request");
    }

    @Test
    void unknownScopeRedirectsWithInvalidScope() { // RFC 6749 §4.1.2.1
        assertThat(server.as("alice").authorize(app).scope("admin").send().errorCode()).isEqualTo("invalid_scope");
    }

    @Test
    void unknownGrantTypeIsUnsupported() { // RFC 6749 §5.2
        TokenResponse r = server.tokenRequest(app).param("grant_type", "password").send();
        assertThat(r.errorCode()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void refreshAccessTokenAcceptsOnlyTheRefreshGrant() {
        Tokens tokens = server.as("alice").authorize(app).consent().exchange();
        TokenResponse r = tokens.refreshRequest().param("grant_type", "authorization_code").send();
        assertThat(r.errorCode()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void aClientRevokesOnlyItsOwnTokens() { // RFC 7009 §2.1
        Tokens alices = server.as("alice").authorize(app).consent().exchange();
        Tokens portals = server.as("bob").authorize(portal).consent().exchange();
        TokenResponse r = portals.revokeRequest(alices.accessToken()).send();
        assertThat(r.errorCode()).isEqualTo("unauthorized_client");
        assertThat(alices.isActive()).isTrue();
    }
}
