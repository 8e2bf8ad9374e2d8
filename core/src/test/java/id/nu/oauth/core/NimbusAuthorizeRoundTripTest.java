package id.nu.oauth.core;

import static id.nu.oauth.core.AuthorizeFixtures.ALICE;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST_CB;
import static id.nu.oauth.core.AuthorizeFixtures.MOBILE;
import static id.nu.oauth.core.AuthorizeFixtures.MOBILE_CB;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL_CB_QUERY;
import static id.nu.oauth.core.AuthorizeFixtures.error;
import static id.nu.oauth.core.AuthorizeFixtures.nimbus;
import static id.nu.oauth.core.AuthorizeFixtures.params;
import static id.nu.oauth.core.AuthorizeFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nimbus as the independent client: it builds the requests and parses every redirect. RFC 6749
 * §4.1.2: {@code state} comes back exactly as the client sent it; RFC 9207: so does {@code iss}.
 */
class NimbusAuthorizeRoundTripTest {

    private final AuthorizationServer server = AuthorizeFixtures.server();

    static Stream<String> states() {
        StringBuilder everyVschar = new StringBuilder();
        for (char c = 0x20; c <= 0x7E; c++) {
            everyVschar.append(c);
        }
        return Stream.of("xyz", "s 1", "a b  c", " leading and trailing ", "a&b", "a=b", "a&b=c&code=evil",
                "100%", "%20", "%2", "%zz", "a+b", "+", "?#/", "#fragment-like", "state=x", "iss=https://evil",
                "\"quoted\"", "back\\slash", "<script>", "~!*'();:@$,[]", everyVschar.toString());
    }

    @ParameterizedTest(name = "state \"{0}\"")
    @MethodSource("states")
    void stateComesBackByteForByteOnSuccess(String state) { // RFC 6749 §4.1.2
        // Nimbus trims a State it sends, so the exact value is set on the parameters by hand
        Map<String, List<String>> request = AuthorizeFixtures.with(params(nimbus(FIRST)
                .redirectionURI(URI.create(FIRST_CB)).scope(new Scope("profile")).build()), "state", state);
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(request, ALICE));
        AuthorizationSuccessResponse ok = success(result);
        assertThat(ok.getState().getValue()).isEqualTo(state.trim()); // Nimbus's State model trims
        // byte for byte, read by Nimbus's decoder; each parameter once: state smuggles in no code or iss
        Map<String, List<String>> all = URLUtils.parseParameters(
                ((AuthorizeResult.Redirect) result).location().getRawQuery());
        assertThat(all.get("code")).hasSize(1);
        assertThat(all.get("state")).containsExactly(state);
        assertThat(all.get("iss")).containsExactly(AuthorizeFixtures.ISSUER.toString());
        assertThat(all.keySet()).containsExactlyInAnyOrder("code", "state", "iss");
    }

    @ParameterizedTest(name = "state \"{0}\"")
    @MethodSource("states")
    void stateComesBackByteForByteOnError(String state) { // RFC 6749 §4.1.2.1
        // Nimbus trims a State it sends, so the exact value is set on the parameters by hand
        Map<String, List<String>> request = AuthorizeFixtures.with(params(nimbus(FIRST)
                .redirectionURI(URI.create(FIRST_CB)).scope(new Scope("admin")).build()), "state", state);
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(request, ALICE));
        AuthorizationErrorResponse err = error(result, "invalid_scope");
        assertThat(err.getState().getValue()).isEqualTo(state.trim()); // Nimbus's State model trims
        Map<String, List<String>> all = URLUtils.parseParameters(
                ((AuthorizeResult.Redirect) result).location().getRawQuery());
        assertThat(all.get("state")).containsExactly(state);
        assertThat(all.keySet()).containsExactlyInAnyOrder("error", "error_description", "state", "iss");
    }

    @Test
    void publicClientWithS256RedeemsItsCode() { // RFC 7636 §4, RFC 6749 §4.1.3
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest request = nimbus(MOBILE).redirectionURI(URI.create(MOBILE_CB)).state(new State())
                .scope(new Scope("profile", "email")).codeChallenge(verifier, CodeChallengeMethod.S256).build();
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(params(request), ALICE)
                .withConsent(ConsentDecision.APPROVED));
        AuthorizationSuccessResponse ok = success(result);
        assertThat(ok.getState()).isEqualTo(request.getState());
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(MOBILE_CB));
        TokenResponse token = AuthorizeFixtures.redeem(server, MOBILE, ok, MOBILE_CB, verifier);
        assertThat(token.indicatesSuccess()).isTrue();
        assertThat(token.toSuccessResponse().getTokens().getRefreshToken()).isNotNull();
    }

    @Test
    void confidentialClientWithQueryInItsRedirectUriRedeemsItsCode() { // RFC 6749 §3.1.2, §4.1.3
        AuthorizationRequest request = nimbus(PORTAL).redirectionURI(URI.create(PORTAL_CB_QUERY))
                .state(new State("q")).scope(new Scope("openid")).build();
        AuthorizationSuccessResponse ok = success(server.authorize(AuthorizeRequest.of(params(request), ALICE)
                .withConsent(ConsentDecision.APPROVED)));
        assertThat(AuthorizeFixtures.redeem(server, PORTAL, ok, PORTAL_CB_QUERY, null).indicatesSuccess()).isTrue();
    }

    @Test
    void everyCodeIsDifferent() { // RFC 6749 §10.10: unguessable, so never repeated
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            AuthorizationRequest request = nimbus(FIRST).redirectionURI(URI.create(FIRST_CB)).state(new State()).build();
            codes.add(success(server.authorize(AuthorizeRequest.of(params(request), ALICE)))
                    .getAuthorizationCode().getValue());
        }
        assertThat(codes).hasSize(50);
        assertThat(codes).allSatisfy(c -> assertThat(c.length()).isGreaterThanOrEqualTo(43));
    }
}
