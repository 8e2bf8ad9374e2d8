package id.nu.oauth.core;

import static id.nu.oauth.core.AuthorizeFixtures.ALICE;
import static id.nu.oauth.core.AuthorizeFixtures.BOB;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST_CB;
import static id.nu.oauth.core.AuthorizeFixtures.LEGACY;
import static id.nu.oauth.core.AuthorizeFixtures.LEGACY_CB;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL_CB;
import static id.nu.oauth.core.AuthorizeFixtures.error;
import static id.nu.oauth.core.AuthorizeFixtures.params;
import static id.nu.oauth.core.AuthorizeFixtures.success;
import static id.nu.oauth.core.AuthorizeFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import id.nu.oauth.storage.Consent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6749 §4.1.1-4.1.2: the server authenticates the resource owner and obtains the authorization
 * decision. The host logs users in; the engine says when, and remembers consent per user and client.
 */
class AuthorizeConsentAndLoginTest {

    private final AuthorizationServer server = AuthorizeFixtures.server();

    private static Map<String, List<String>> portal(String scope) {
        return params("response_type", "code", "client_id", PORTAL, "redirect_uri", PORTAL_CB,
                "scope", scope, "state", "c-1");
    }

    private AuthorizeResult ask(Map<String, List<String>> params, AuthenticatedUser user, ConsentDecision decision) {
        return server.authorize(AuthorizeRequest.of(params, user).withConsent(decision));
    }

    @Test
    void noUserMeansLoginRequired() { // RFC 6749 §4.1.1: the server authenticates the resource owner
        Map<String, List<String>> request = portal("openid");
        assertThat(ask(request, null, ConsentDecision.NONE)).isEqualTo(new AuthorizeResult.LoginRequired(false, request));
    }

    @ParameterizedTest
    @EnumSource(ConsentDecision.class)
    void noUserMeansLoginRequiredWhateverTheConsentAnswer(ConsentDecision decision) {
        // a consent answer without a user proves nothing
        assertThat(ask(portal("openid"), null, decision)).isEqualTo(
                new AuthorizeResult.LoginRequired(false, portal("openid")));
        assertThat(server.storage().consents().find(ALICE.subject(), PORTAL)).isEmpty();
    }

    @Test
    void firstPartyClientSkipsConsent() {
        Map<String, List<String>> request = params("response_type", "code", "client_id", FIRST,
                "redirect_uri", FIRST_CB, "state", "fp");
        assertThat(success(ask(request, ALICE, ConsentDecision.NONE)).getState().getValue()).isEqualTo("fp");
        assertThat(server.storage().consents().find(ALICE.subject(), FIRST)).isEmpty();
    }

    @Test
    void thirdPartyClientAsksConsentWithClientIdNameAndScopes() {
        AuthorizeResult result = ask(portal("openid email"), ALICE, ConsentDecision.NONE);
        assertThat(result).isInstanceOfSatisfying(AuthorizeResult.ConsentRequired.class, c -> {
            assertThat(c.clientId()).isEqualTo(PORTAL);
            assertThat(c.clientName()).isEqualTo("Portal");
            assertThat(c.scopes()).containsExactlyInAnyOrder("openid", "email");
        });
    }

    @Test
    void clientWithoutANameIsShownByItsId() {
        Map<String, List<String>> request = params("response_type", "code", "client_id", "nameless",
                "state", "n");
        AuthorizationServer.Builder builder = AuthorizationServer.builder().issuer(AuthorizeFixtures.ISSUER)
                .client(id.nu.oauth.client.Client.legacyPublicClient("nameless")
                        .redirectUri("https://n.example/cb").scopes("profile").build());
        AuthorizeResult result = builder.build().authorize(AuthorizeRequest.of(request, ALICE));
        assertThat(result).isEqualTo(new AuthorizeResult.ConsentRequired("nameless", "nameless", Set.of("profile")));
    }

    @Test
    void approvedConsentIssuesTheCodeAndIsStored() {
        assertThat(success(ask(portal("openid email"), ALICE, ConsentDecision.APPROVED)).getState().getValue())
                .isEqualTo("c-1");
        Consent stored = server.storage().consents().find(ALICE.subject(), PORTAL).orElseThrow();
        assertThat(stored.scopes()).containsExactlyInAnyOrder("openid", "email");
    }

    @Test
    void rememberedConsentCoveringTheScopesSkipsThePage() {
        success(ask(portal("openid email"), ALICE, ConsentDecision.APPROVED));
        success(ask(portal("openid email"), ALICE, ConsentDecision.NONE));
        success(ask(portal("email"), ALICE, ConsentDecision.NONE));
        success(ask(with(portal("x"), "scope", ""), ALICE, ConsentDecision.NONE)); // defaults: openid
    }

    @Test
    void widerScopeAsksAgainForTheWholeRequestAndRemembersTheUnion() {
        success(ask(portal("openid"), ALICE, ConsentDecision.APPROVED));
        AuthorizeResult wider = ask(portal("openid profile"), ALICE, ConsentDecision.NONE);
        assertThat(wider).isEqualTo(new AuthorizeResult.ConsentRequired(PORTAL, "Portal", Set.of("openid", "profile")));
        success(ask(portal("email"), ALICE, ConsentDecision.APPROVED));
        assertThat(server.storage().consents().find(ALICE.subject(), PORTAL).orElseThrow().scopes())
                .containsExactlyInAnyOrder("openid", "email");
        success(ask(portal("profile"), ALICE, ConsentDecision.APPROVED));
        success(ask(portal("openid profile email"), ALICE, ConsentDecision.NONE));
    }

    @Test
    void consentIsPerUser() {
        success(ask(portal("openid"), ALICE, ConsentDecision.APPROVED));
        assertThat(ask(portal("openid"), BOB, ConsentDecision.NONE)).isInstanceOf(AuthorizeResult.ConsentRequired.class);
    }

    @Test
    void consentIsPerClient() {
        success(ask(portal("profile"), ALICE, ConsentDecision.APPROVED));
        Map<String, List<String>> legacy = params("response_type", "code", "client_id", LEGACY,
                "redirect_uri", LEGACY_CB, "scope", "profile", "state", "l");
        assertThat(ask(legacy, ALICE, ConsentDecision.NONE)).isInstanceOf(AuthorizeResult.ConsentRequired.class);
    }

    @Test
    void deniedConsentRedirectsAccessDeniedWithState() { // RFC 6749 §4.1.2.1
        AuthorizationErrorResponse err = error(ask(portal("openid"), ALICE, ConsentDecision.DENIED), "access_denied");
        assertThat(err.getState().getValue()).isEqualTo("c-1");
        assertThat(err.getRedirectionURI().toString()).isEqualTo(PORTAL_CB);
        assertThat(server.storage().consents().find(ALICE.subject(), PORTAL)).isEmpty();
    }

    @Test
    void deniedConsentDoesNotForgetAnEarlierOne() {
        success(ask(portal("openid"), ALICE, ConsentDecision.APPROVED));
        error(ask(portal("openid email"), ALICE, ConsentDecision.DENIED), "access_denied");
        assertThat(server.storage().consents().find(ALICE.subject(), PORTAL).orElseThrow().scopes())
                .containsExactly("openid");
    }

    @Test
    void badRequestIsAnsweredWithoutAskingForConsent() { // validation before the user decides
        AuthorizeResult result = ask(portal("admin"), ALICE, ConsentDecision.NONE);
        error(result, "invalid_scope");
        error(ask(portal("admin"), ALICE, ConsentDecision.APPROVED), "invalid_scope");
        assertThat(server.storage().consents().find(ALICE.subject(), PORTAL)).isEmpty();
    }

    @Test
    void everyRequestEndsInExactlyOneOutcome() {
        // the sealed interface allows one outcome; check the four are all reachable for one client
        assertThat(ask(portal("openid"), null, ConsentDecision.NONE)).isInstanceOf(AuthorizeResult.LoginRequired.class);
        assertThat(ask(portal("openid"), ALICE, ConsentDecision.NONE)).isInstanceOf(AuthorizeResult.ConsentRequired.class);
        assertThat(ask(portal("openid"), ALICE, ConsentDecision.APPROVED)).isInstanceOf(AuthorizeResult.Redirect.class);
        assertThat(ask(with(portal("openid"), "redirect_uri", "https://evil.example/"), ALICE,
                ConsentDecision.APPROVED)).isInstanceOf(AuthorizeResult.ErrorPage.class);
    }

    static Stream<Map<String, List<String>>> badRequests() {
        Map<String, List<String>> ok = portal("openid");
        return Stream.of(
                AuthorizeFixtures.without(ok, "client_id"),
                with(ok, "client_id", "nobody"),
                AuthorizeFixtures.plus(ok, "client_id", PORTAL),
                with(ok, "redirect_uri", "https://evil.example/cb"),
                AuthorizeFixtures.without(ok, "redirect_uri"),
                AuthorizeFixtures.without(ok, "response_type"),
                with(ok, "response_type", "token"),
                with(ok, "scope", "admin"),
                with(ok, "scope", "openid  profile"),
                AuthorizeFixtures.plus(ok, "state", "again"),
                with(ok, "nonce", "x".repeat(3000)),
                with(ok, "code_challenge_method", "S256"),
                with(with(ok, "code_challenge", "short"), "code_challenge_method", "S256"),
                params("response_type", "code", "client_id", AuthorizeFixtures.MOBILE, "state", "s"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badRequestNeverAsksTheUserToLogIn(Map<String, List<String>> request) { // validate first, then login
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(request, null));
        assertThat(result).isInstanceOfAny(AuthorizeResult.ErrorPage.class, AuthorizeResult.Redirect.class);
        if (result instanceof AuthorizeResult.Redirect redirect) {
            assertThat(AuthorizeFixtures.rawParameter(redirect.location(), "error")).isNotNull();
        }
    }
}
