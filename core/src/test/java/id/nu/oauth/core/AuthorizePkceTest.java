package id.nu.oauth.core;

import static id.nu.oauth.core.AuthorizeFixtures.ALICE;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST_CB;
import static id.nu.oauth.core.AuthorizeFixtures.LEGACY;
import static id.nu.oauth.core.AuthorizeFixtures.LEGACY_CB;
import static id.nu.oauth.core.AuthorizeFixtures.MOBILE;
import static id.nu.oauth.core.AuthorizeFixtures.MOBILE_CB;
import static id.nu.oauth.core.AuthorizeFixtures.PLAIN;
import static id.nu.oauth.core.AuthorizeFixtures.PLAIN_CB;
import static id.nu.oauth.core.AuthorizeFixtures.STRICT;
import static id.nu.oauth.core.AuthorizeFixtures.STRICT_CB;
import static id.nu.oauth.core.AuthorizeFixtures.error;
import static id.nu.oauth.core.AuthorizeFixtures.nimbus;
import static id.nu.oauth.core.AuthorizeFixtures.params;
import static id.nu.oauth.core.AuthorizeFixtures.success;
import static id.nu.oauth.core.AuthorizeFixtures.with;
import static id.nu.oauth.core.AuthorizeFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PKCE at the authorization endpoint: RFC 7636 §4.3-4.4, OAuth 2.1 §4.1.1, RFC 9700 §2.1.1. */
class AuthorizePkceTest {

    private final AuthorizationServer server = AuthorizeFixtures.server();

    private AuthorizeResult approved(Map<String, List<String>> params) {
        return server.authorize(AuthorizeRequest.of(params, ALICE).withConsent(ConsentDecision.APPROVED));
    }

    private static Map<String, List<String>> mobile(CodeVerifier verifier, CodeChallengeMethod method) {
        return params(nimbus(MOBILE).redirectionURI(URI.create(MOBILE_CB)).state(new State("pk"))
                .codeChallenge(verifier, method).build());
    }

    private static Map<String, List<String>> withoutPkce(String clientId, String redirectUri) {
        return params("response_type", "code", "client_id", clientId, "redirect_uri", redirectUri, "state", "pk");
    }

    @Test
    void s256ChallengeIsAcceptedAndItsVerifierRedeemsTheCode() { // RFC 7636 §4.3, §4.6
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationSuccessResponse ok = success(approved(mobile(verifier, CodeChallengeMethod.S256)));
        assertThat(ok.getState().getValue()).isEqualTo("pk");
        TokenResponse token = AuthorizeFixtures.redeem(server, MOBILE, ok, MOBILE_CB, verifier);
        assertThat(token.indicatesSuccess()).isTrue();
    }

    @Test
    void s256CodeIsNotRedeemedWithAnotherVerifier() { // RFC 7636 §4.6
        AuthorizationSuccessResponse ok = success(approved(mobile(new CodeVerifier(), CodeChallengeMethod.S256)));
        TokenResponse token = AuthorizeFixtures.redeem(server, MOBILE, ok, MOBILE_CB, new CodeVerifier());
        assertThat(token.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void plainMethodIsRefusedUnlessTheClientAllowsIt() { // RFC 9700 §2.1.1, RFC 7636 §4.4.1
        AuthorizationErrorResponse err = error(approved(mobile(new CodeVerifier(), CodeChallengeMethod.PLAIN)),
                "invalid_request");
        assertThat(err.getState().getValue()).isEqualTo("pk");
    }

    @Test
    void plainMethodWorksForAClientThatAllowsIt() { // RFC 7636 §4.2, §4.6
        CodeVerifier verifier = new CodeVerifier();
        Map<String, List<String>> request = params(nimbus(PLAIN).redirectionURI(URI.create(PLAIN_CB))
                .state(new State("pk")).codeChallenge(verifier, CodeChallengeMethod.PLAIN).build());
        AuthorizationSuccessResponse ok = success(approved(request));
        assertThat(AuthorizeFixtures.redeem(server, PLAIN, ok, PLAIN_CB, verifier).indicatesSuccess()).isTrue();
    }

    @Test
    void absentMethodMeansPlainAndIsRefusedWhenPlainIsNot() { // RFC 7636 §4.3: defaults to "plain"
        CodeVerifier verifier = new CodeVerifier();
        Map<String, List<String>> request = without(mobile(verifier, CodeChallengeMethod.S256), "code_challenge_method");
        error(approved(request), "invalid_request");
        // an empty method is an absent method (RFC 6749 §3.1), so plain too
        error(approved(with(mobile(verifier, CodeChallengeMethod.S256), "code_challenge_method", "")),
                "invalid_request");
    }

    @Test
    void absentMethodMeansPlainForAClientThatAllowsPlain() { // RFC 7636 §4.3
        CodeVerifier verifier = new CodeVerifier();
        Map<String, List<String>> request = params("response_type", "code", "client_id", PLAIN,
                "redirect_uri", PLAIN_CB, "state", "pk", "code_challenge", verifier.getValue());
        AuthorizationSuccessResponse ok = success(approved(request));
        // the challenge is compared as plain: the verifier is the challenge itself
        assertThat(AuthorizeFixtures.redeem(server, PLAIN, ok, PLAIN_CB, verifier).indicatesSuccess()).isTrue();
    }

    @Test
    void absentMethodIsNotSilentlyTreatedAsS256() { // RFC 7636 §4.3
        CodeVerifier verifier = new CodeVerifier();
        String s256 = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
        Map<String, List<String>> request = params("response_type", "code", "client_id", PLAIN,
                "redirect_uri", PLAIN_CB, "state", "pk", "code_challenge", s256);
        AuthorizationSuccessResponse ok = success(approved(request));
        TokenResponse token = AuthorizeFixtures.redeem(server, PLAIN, ok, PLAIN_CB, verifier);
        assertThat(token.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void methodWithoutChallengeIsInvalidRequest() { // RFC 7636 §4.4.1
        Map<String, List<String>> request = without(mobile(new CodeVerifier(), CodeChallengeMethod.S256), "code_challenge");
        assertThat(error(approved(request), "invalid_request").getState().getValue()).isEqualTo("pk");
        // also for a client that does not need PKCE
        error(approved(with(withoutPkce(FIRST, FIRST_CB), "code_challenge_method", "S256")), "invalid_request");
    }

    @ParameterizedTest(name = "code_challenge_method={0}")
    @ValueSource(strings = {"S512", "s256", "SHA256", "S256 ", "PLAIN"})
    void unknownMethodIsInvalidRequest(String method) { // RFC 7636 §4.4.1
        error(approved(with(mobile(new CodeVerifier(), CodeChallengeMethod.S256), "code_challenge_method", method)),
                "invalid_request");
    }

    @ParameterizedTest(name = "code_challenge=\"{0}\"")
    @ValueSource(strings = {
        "tooShort",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c",    // 42 characters
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cMA",  // 44: not a SHA-256 in base64url
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM",   // base64, not base64url
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw/cM",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c=",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw c",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-\u00e9",
    })
    void malformedS256ChallengeIsInvalidRequest(String challenge) { // RFC 7636 §4.2, §4.4.1
        AuthorizationErrorResponse err = error(approved(with(mobile(new CodeVerifier(), CodeChallengeMethod.S256),
                "code_challenge", challenge)), "invalid_request");
        assertThat(err.getState().getValue()).isEqualTo("pk");
    }

    @Test
    void s256ChallengeOf128CharactersIsMalformed() { // RFC 7636 §4.2: exactly 43
        error(approved(with(mobile(new CodeVerifier(), CodeChallengeMethod.S256), "code_challenge", "a".repeat(128))),
                "invalid_request");
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {42, 129})
    void plainChallengeOutside43To128IsInvalidRequest(int length) { // RFC 7636 §4.1
        Map<String, List<String>> request = params("response_type", "code", "client_id", PLAIN,
                "redirect_uri", PLAIN_CB, "state", "pk", "code_challenge", "a".repeat(length),
                "code_challenge_method", "plain");
        error(approved(request), "invalid_request");
    }

    @Test
    void publicClientWithoutChallengeIsInvalidRequest() { // OAuth 2.1 §4.1.1, RFC 9700 §2.1.1
        AuthorizationErrorResponse err = error(approved(withoutPkce(MOBILE, MOBILE_CB)), "invalid_request");
        assertThat(err.getState().getValue()).isEqualTo("pk");
        // before login too
        error(server.authorize(AuthorizeRequest.of(withoutPkce(MOBILE, MOBILE_CB), null)), "invalid_request");
    }

    @Test
    void legacyPublicClientRunsTheDocumentedNuIdFlowWithoutPkceOrSecret() {
        // NU.ID: GET /oauth/authorize?response_type=code&client_id&redirect_uri&state&scope, then
        // POST /oauth/token grant_type=authorization_code, code, redirect_uri, client_id.
        Map<String, List<String>> documented = params("response_type", "code", "client_id", LEGACY,
                "redirect_uri", LEGACY_CB, "state", "nu-state", "scope", "profile");
        AuthorizationSuccessResponse ok = success(approved(documented));
        assertThat(ok.getState().getValue()).isEqualTo("nu-state");
        EndpointResponse token = server.token(new EndpointRequest(Map.of(
                "grant_type", List.of("authorization_code"),
                "code", List.of(ok.getAuthorizationCode().getValue()),
                "redirect_uri", List.of(LEGACY_CB),
                "client_id", List.of(LEGACY)), null));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(token.body()).contains("\"access_token\"").contains("\"token_type\":\"Bearer\"");
    }

    @Test
    void legacyPublicClientMayStillUseS256() { // RFC 7636 is always welcome
        CodeVerifier verifier = new CodeVerifier();
        Map<String, List<String>> request = params(nimbus(LEGACY).redirectionURI(URI.create(LEGACY_CB))
                .state(new State("pk")).codeChallenge(verifier, CodeChallengeMethod.S256).build());
        AuthorizationSuccessResponse ok = success(approved(request));
        assertThat(AuthorizeFixtures.redeem(server, LEGACY, ok, LEGACY_CB, verifier).indicatesSuccess()).isTrue();
    }

    @Test
    void legacyPublicClientStillGetsPlainRefused() { // RFC 9700 §2.1.1: the flag is about PKCE, not plain
        Map<String, List<String>> request = params(nimbus(LEGACY).redirectionURI(URI.create(LEGACY_CB))
                .state(new State("pk")).codeChallenge(new CodeVerifier(), CodeChallengeMethod.PLAIN).build());
        error(approved(request), "invalid_request");
    }

    @Test
    void confidentialClientWithoutPkceWorks() { // RFC 6749 §4.1; PKCE optional for confidential clients
        AuthorizationSuccessResponse ok = success(approved(withoutPkce(FIRST, FIRST_CB)));
        assertThat(AuthorizeFixtures.redeem(server, FIRST, ok, FIRST_CB, null).indicatesSuccess()).isTrue();
    }

    @Test
    void confidentialClientThatRequiresPkceMustSendIt() { // RFC 9700 §2.1.1
        error(approved(withoutPkce(STRICT, STRICT_CB)), "invalid_request");
        CodeVerifier verifier = new CodeVerifier();
        Map<String, List<String>> request = params(nimbus(STRICT).redirectionURI(URI.create(STRICT_CB))
                .state(new State("pk")).codeChallenge(verifier, CodeChallengeMethod.S256).build());
        AuthorizationSuccessResponse ok = success(approved(request));
        assertThat(AuthorizeFixtures.redeem(server, STRICT, ok, STRICT_CB, verifier).indicatesSuccess()).isTrue();
    }
}
