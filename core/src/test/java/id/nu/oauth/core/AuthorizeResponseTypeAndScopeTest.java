package id.nu.oauth.core;

import static id.nu.oauth.core.AuthorizeFixtures.ALICE;
import static id.nu.oauth.core.AuthorizeFixtures.MACHINE;
import static id.nu.oauth.core.AuthorizeFixtures.MACHINE_CB;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL_CB;
import static id.nu.oauth.core.AuthorizeFixtures.authorize;
import static id.nu.oauth.core.AuthorizeFixtures.error;
import static id.nu.oauth.core.AuthorizeFixtures.params;
import static id.nu.oauth.core.AuthorizeFixtures.success;
import static id.nu.oauth.core.AuthorizeFixtures.with;
import static id.nu.oauth.core.AuthorizeFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6749 §3.1.1 (response_type), §3.3 (scope) and the §4.1.2.1 errors they lead to. */
class AuthorizeResponseTypeAndScopeTest {

    private final AuthorizationServer server = AuthorizeFixtures.server();

    private static Map<String, List<String>> portal() {
        return params("response_type", "code", "client_id", PORTAL, "redirect_uri", PORTAL_CB,
                "scope", "openid profile", "state", "st-1");
    }

    private AuthorizeResult approved(Map<String, List<String>> params) {
        return server.authorize(AuthorizeRequest.of(params, ALICE).withConsent(ConsentDecision.APPROVED));
    }

    @Test
    void missingResponseTypeIsInvalidRequestWithState() { // RFC 6749 §4.1.2.1
        AuthorizationErrorResponse err = error(authorize(server, without(portal(), "response_type"), ALICE),
                "invalid_request");
        assertThat(err.getState().getValue()).isEqualTo("st-1");
        assertThat(err.getRedirectionURI().toString()).isEqualTo(PORTAL_CB);
    }

    @Test
    void emptyResponseTypeCountsAsMissing() { // RFC 6749 §3.1
        error(authorize(server, with(portal(), "response_type", ""), ALICE), "invalid_request");
    }

    @ParameterizedTest(name = "response_type={0}")
    @ValueSource(strings = {"token", "code id_token", "id_token", "code token", "CODE", "code ", "none", "device_code"})
    void anyResponseTypeButCodeIsUnsupportedWithState(String responseType) { // RFC 6749 §3.1.1, §4.1.2.1
        AuthorizationErrorResponse err = error(authorize(server, with(portal(), "response_type", responseType), ALICE),
                "unsupported_response_type");
        assertThat(err.getState().getValue()).isEqualTo("st-1");
    }

    @Test
    void unsupportedResponseTypeNeverLeaksATokenInTheUrl() { // RFC 9700 §2.1.2: no implicit grant
        AuthorizeResult result = approved(with(portal(), "response_type", "token"));
        String location = ((AuthorizeResult.Redirect) result).location().toString();
        assertThat(location).doesNotContain("access_token").doesNotContain("#");
    }

    @Test
    void clientNotRegisteredForTheCodeGrantIsUnauthorizedClient() { // RFC 6749 §4.1.2.1
        AuthorizationErrorResponse err = error(authorize(server,
                params("response_type", "code", "client_id", MACHINE, "redirect_uri", MACHINE_CB, "state", "m"), ALICE),
                "unauthorized_client");
        assertThat(err.getState().getValue()).isEqualTo("m");
    }

    @Test
    void omittedScopeMeansTheClientsDefaultScopes() { // RFC 6749 §3.3; NU.ID: scope is optional
        AuthorizeResult ask = authorize(server, without(portal(), "scope"), ALICE);
        assertThat(ask).isEqualTo(new AuthorizeResult.ConsentRequired(PORTAL, "Portal", java.util.Set.of("openid")));
        AuthorizationSuccessResponse ok = success(approved(without(portal(), "scope")));
        TokenResponse token = AuthorizeFixtures.redeem(server, PORTAL, ok, PORTAL_CB, null);
        AccessTokenResponse tokens = token.toSuccessResponse();
        assertThat(server.validateAccessToken(tokens.getTokens().getAccessToken().getValue()))
                .isInstanceOfSatisfying(AccessTokenValidation.Active.class,
                        a -> assertThat(a.scopes()).containsExactly("openid"));
    }

    @Test
    void emptyScopeCountsAsOmitted() { // RFC 6749 §3.1
        assertThat(authorize(server, with(portal(), "scope", ""), ALICE))
                .isEqualTo(new AuthorizeResult.ConsentRequired(PORTAL, "Portal", java.util.Set.of("openid")));
    }

    @Test
    void requestedAllowedScopesAreGrantedAsRequested() { // RFC 6749 §3.3
        AuthorizationSuccessResponse ok = success(approved(with(portal(), "scope", "email profile")));
        String access = AuthorizeFixtures.redeem(server, PORTAL, ok, PORTAL_CB, null).toSuccessResponse()
                .getTokens().getAccessToken().getValue();
        assertThat(((AccessTokenValidation.Active) server.validateAccessToken(access)).scopes())
                .containsExactlyInAnyOrder("email", "profile");
    }

    @ParameterizedTest(name = "scope=\"{0}\"")
    @ValueSource(strings = {"admin", "openid admin", "offline_access", "PROFILE", "profile email admin"})
    void unknownOrUnallowedScopeIsInvalidScopeWithState(String scope) { // RFC 6749 §4.1.2.1
        AuthorizationErrorResponse err = error(authorize(server, with(portal(), "scope", scope), ALICE), "invalid_scope");
        assertThat(err.getState().getValue()).isEqualTo("st-1");
    }

    @Test
    void scopeAllowedToAnotherClientOnlyIsInvalidScope() { // RFC 6749 §3.3
        Map<String, List<String>> legacy = params("response_type", "code", "client_id", AuthorizeFixtures.LEGACY,
                "scope", "email", "state", "s");
        error(authorize(server, legacy, ALICE), "invalid_scope");
    }

    @ParameterizedTest(name = "scope=\"{0}\"")
    @ValueSource(strings = {"openid  profile", " openid", "openid ", "openid\tprofile", "openid\nprofile",
        "openid\u0000", "open\u0001id", "\"openid\"", "open\\id", "caf\u00e9", "openid\u007f", "   "})
    void malformedScopeIsInvalidScope(String scope) { // RFC 6749 §3.3 / Appendix A.4
        AuthorizationErrorResponse err = error(authorize(server, with(portal(), "scope", scope), ALICE), "invalid_scope");
        assertThat(err.getState().getValue()).isEqualTo("st-1");
    }

    @Test
    void errorsAreDecidedBeforeLoginSoTheUserIsNeverAskedToLogInForABadRequest() {
        // RFC 6749 §4.1.2.1: the client learns at once; the user does not log in for nothing.
        error(authorize(server, with(portal(), "scope", "admin"), null), "invalid_scope");
        error(authorize(server, with(portal(), "response_type", "token"), null), "unsupported_response_type");
        error(authorize(server, without(portal(), "response_type"), null), "invalid_request");
        error(authorize(server, params("response_type", "code", "client_id", MACHINE, "state", "m"), null),
                "unauthorized_client");
    }
}
