package id.nu.oauth.core;

import static id.nu.oauth.core.AuthorizeFixtures.ALICE;
import static id.nu.oauth.core.AuthorizeFixtures.NATIVE;
import static id.nu.oauth.core.AuthorizeFixtures.asErrorPage;
import static id.nu.oauth.core.AuthorizeFixtures.nimbus;
import static id.nu.oauth.core.AuthorizeFixtures.params;
import static id.nu.oauth.core.AuthorizeFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.SecretHash;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 8252 §7.3: a native app listening on a loopback IP literal may use any port, because the
 * operating system picks it; the registered URI is matched exactly otherwise. §8.3: {@code localhost}
 * gets no such exception. Native apps are public clients (§8.4): a confidential client's loopback
 * URI is matched exactly, port included.
 */
class AuthorizeLoopbackRedirectUriTest {

    private final AuthorizationServer server = AuthorizeFixtures.server();

    private AuthorizeResult authorizeApproved(String redirectUri, CodeVerifier verifier) {
        AuthorizationRequest request = nimbus(NATIVE).redirectionURI(URI.create(redirectUri))
                .state(new State("loop")).scope(new Scope("profile"))
                .codeChallenge(verifier, CodeChallengeMethod.S256).build();
        return server.authorize(AuthorizeRequest.of(params(request), ALICE).withConsent(ConsentDecision.APPROVED));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1:51004/cb", "http://127.0.0.1:1/cb", "http://127.0.0.1:65535/cb",
        "http://127.0.0.1/cb", "http://[::1]:8080/cb", "http://[::1]:49152/cb", "http://[::1]/cb"})
    void loopbackIpLiteralMayUseAnyPort(String redirectUri) { // RFC 8252 §7.3
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationSuccessResponse ok = success(authorizeApproved(redirectUri, verifier));
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(redirectUri));
        assertThat(ok.getState().getValue()).isEqualTo("loop");
        // the code is bound to the port actually used (RFC 6749 §4.1.3)
        TokenResponse token = AuthorizeFixtures.redeem(server, NATIVE, ok, redirectUri, verifier);
        assertThat(token.indicatesSuccess()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "http://localhost:51004/cb",            // localhost is not an IP literal (RFC 8252 §8.3)
        "http://localhost/cb",
        "http://127.0.0.2:51004/cb",            // another loopback address was not registered
        "http://127.0.0.1:51004/cb/",           // path must still match exactly
        "http://127.0.0.1:51004/CB",
        "http://127.0.0.1:51004/other",
        "http://127.0.0.1:51004/cb?x=1",        // query must match
        "https://127.0.0.1:51004/cb",           // scheme must match
        "HTTP://127.0.0.1:51004/cb",
        "http://user@127.0.0.1:51004/cb",       // no userinfo
        "http://127.0.0.1:51004@evil.example/cb",
        "http://127.0.0.1.evil.example:51004/cb",
        "http://[::2]:51004/cb",
        "http://[0:0:0:0:0:0:0:1]:51004/cb",    // another spelling of ::1 is not the registered string
        "http://evil.example:51004/cb",
        "http://127.0.0.1:port/cb",
    })
    void anythingBeyondThePortMustMatchExactly(String redirectUri) {
        AuthorizeResult result = authorizeApproved(redirectUri, new CodeVerifier());
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void fragmentIsRefusedOnLoopbackToo() { // RFC 6749 §3.1.2 (Nimbus will not even build such a request)
        AuthorizationRequest request = nimbus(NATIVE).redirectionURI(URI.create("http://127.0.0.1:51004/cb"))
                .state(new State("s")).codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).build();
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(
                AuthorizeFixtures.with(params(request), "redirect_uri", "http://127.0.0.1:51004/cb#f"), ALICE));
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1:51004/cb", "http://[::1]:51004/cb"})
    void codeFromOnePortCannotBeRedeemedWithAnother(String redirectUri) { // RFC 6749 §4.1.3
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationSuccessResponse ok = success(authorizeApproved(redirectUri, verifier));
        TokenResponse token = AuthorizeFixtures.redeem(server, NATIVE, ok,
                redirectUri.replace("51004", "51005"), verifier);
        assertThat(token.indicatesSuccess()).isFalse();
        assertThat(token.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void omittedRedirectUriIsRefusedWhenSeveralLoopbackUrisAreRegistered() { // RFC 6749 §3.1.2.3
        AuthorizationRequest request = nimbus(NATIVE).state(new State("s"))
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).build();
        assertThat(asErrorPage(server.authorize(AuthorizeRequest.of(params(request), ALICE))).error().code())
                .isEqualTo("invalid_request");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1:51004/cb", "http://127.0.0.1/cb", "http://[::1]:51004/cb"})
    void aConfidentialClientsLoopbackUriMatchesExactly_rfc8252_7_3(String otherPort) {
        AuthorizationServer local = AuthorizationServer.builder().issuer(AuthorizeFixtures.ISSUER)
                .client(Client.confidential("local-portal", SecretHash.of(SecretHash.generateSecret()))
                        .redirectUri("http://127.0.0.1:8080/cb").redirectUri("http://[::1]:8080/cb")
                        .scopes("profile").build())
                .build();

        AuthorizeResult refused = local.authorize(AuthorizeRequest.of(params(nimbus("local-portal")
                .redirectionURI(URI.create(otherPort)).state(new State("s")).build()), ALICE)
                .withConsent(ConsentDecision.APPROVED));
        AuthorizeResult exact = local.authorize(AuthorizeRequest.of(params(nimbus("local-portal")
                .redirectionURI(URI.create("http://127.0.0.1:8080/cb")).state(new State("s")).build()), ALICE)
                .withConsent(ConsentDecision.APPROVED));

        assertThat(asErrorPage(refused).error().code()).isEqualTo("invalid_request");
        assertThat(success(exact).getRedirectionURI()).isEqualTo(URI.create("http://127.0.0.1:8080/cb"));
    }

    @Test
    void aLegacyPublicClientIsANativeAppToo_rfc8252_7_3() {
        AuthorizationServer local = AuthorizationServer.builder().issuer(AuthorizeFixtures.ISSUER)
                .client(Client.legacyPublicClient("old-native").redirectUri("http://127.0.0.1/cb").scopes("profile")
                        .build())
                .build();

        AuthorizeResult result = local.authorize(AuthorizeRequest.of(params(nimbus("old-native")
                .redirectionURI(URI.create("http://127.0.0.1:51004/cb")).state(new State("s")).build()), ALICE)
                .withConsent(ConsentDecision.APPROVED));

        assertThat(success(result).getRedirectionURI()).isEqualTo(URI.create("http://127.0.0.1:51004/cb"));
    }
}
