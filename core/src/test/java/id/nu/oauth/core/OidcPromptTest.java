package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.SUBJECT;
import static id.nu.oauth.core.OidcFixtures.WEB;
import static id.nu.oauth.core.OidcFixtures.WEB_CB;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.SecretHash;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code prompt} and {@code max_age} (OpenID Connect Core 1.0 §3.1.2.1), and the return query that
 * keeps a host from looping between its login page and the authorize endpoint.
 */
class OidcPromptTest {

    private static final String FIRST = "first-party-rp";
    private static final String FIRST_CB = "https://www.nu.id/cb";

    private final OidcFixtures f = OidcFixtures.create(b -> b.client(Client.confidential(FIRST,
            SecretHash.of(OidcFixtures.WEB_SECRET)).redirectUri(FIRST_CB).scopes("openid").firstParty(true).build()));

    private static Map<String, List<String>> request(String... extra) {
        Map<String, List<String>> params = new LinkedHashMap<>(Params.singleValued(OidcFixtures.form(
                "response_type", "code", "client_id", WEB, "redirect_uri", WEB_CB, "scope", "openid",
                "state", "st", "nonce", "nn")));
        params.putAll(Params.singleValued(OidcFixtures.form(extra)));
        return params;
    }

    private AuthorizeResult ask(Map<String, List<String>> params, AuthenticatedUser user, ConsentDecision consent) {
        return f.server.authorize(AuthorizeRequest.of(params, user).withConsent(consent));
    }

    private AuthenticatedUser loggedInAgo(Duration ago) {
        return new AuthenticatedUser(SUBJECT, f.clock.instant().minus(ago));
    }

    private static AuthorizationErrorResponse error(AuthorizeResult result) throws Exception {
        assertThat(result).isInstanceOf(AuthorizeResult.Redirect.class);
        AuthorizationResponse response = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location());
        assertThat(response.indicatesSuccess()).isFalse();
        assertThat(response.getState().getValue()).isEqualTo("st");
        assertThat(response.getIssuer().getValue()).isEqualTo("https://nu.id/api"); // RFC 9207
        return response.toErrorResponse();
    }

    /** What the host does after its login page: the return query, parsed back as its servlet would. */
    private static Map<String, List<String>> comeBack(AuthorizeResult.LoginRequired login) {
        return URLUtils.parseParameters(login.returnQuery());
    }

    private void rememberConsent() {
        assertThat(ask(request(), loggedInAgo(Duration.ZERO), ConsentDecision.APPROVED))
                .isInstanceOf(AuthorizeResult.Redirect.class);
    }

    // ---------------------------------------------------------------- prompt=none

    @Test
    void promptNoneWithoutAUserIsLoginRequired_oidcCore_3_1_2_6() throws Exception {
        assertThat(error(ask(request("prompt", "none"), null, ConsentDecision.NONE)).getErrorObject().getCode())
                .isEqualTo("login_required");
    }

    @Test
    void promptNoneWithoutConsentIsConsentRequired_oidcCore_3_1_2_6() throws Exception {
        assertThat(error(ask(request("prompt", "none"), f.user(), ConsentDecision.NONE)).getErrorObject().getCode())
                .isEqualTo("consent_required");
    }

    @Test
    void promptNoneWithATooOldLoginIsLoginRequired_oidcCore_3_1_2_6() throws Exception {
        rememberConsent();
        AuthorizeResult r = ask(request("prompt", "none", "max_age", "60"), loggedInAgo(Duration.ofMinutes(2)),
                ConsentDecision.NONE);

        assertThat(error(r).getErrorObject().getCode()).isEqualTo("login_required");
    }

    @Test
    void promptNoneWithASessionAndRememberedConsentIssuesACode() {
        rememberConsent();

        assertThat(OidcFixtures.codeFrom(ask(request("prompt", "none"), f.user(), ConsentDecision.NONE))).isNotBlank();
    }

    @Test
    void promptNoneWithAnyOtherValueIsInvalidRequest_oidcCore_3_1_2_1() throws Exception {
        assertThat(error(ask(request("prompt", "none login"), f.user(), ConsentDecision.APPROVED))
                .getErrorObject().getCode()).isEqualTo("invalid_request");
    }

    // ---------------------------------------------------------------- prompt=login

    @Test
    void promptLoginAsksForALoginEvenWithASession_andTheReturnQueryCannotLoop_oidcCore_3_1_2_1() {
        Map<String, List<String>> original = request("prompt", "login");

        AuthorizeResult first = ask(original, f.user(), ConsentDecision.APPROVED);

        assertThat(first).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class, login -> {
            assertThat(login.reauthenticate()).isTrue();
            Map<String, List<String>> back = comeBack(login);
            assertThat(back).doesNotContainKey("prompt");
            Map<String, List<String>> expected = new LinkedHashMap<>(original);
            expected.remove("prompt");
            expected.put(AuthenticationPrompt.LOGIN_AFTER, List.of(Long.toString(f.clock.instant().getEpochSecond())));
            assertThat(back).isEqualTo(expected);
            // After the new login the host comes back with the return query: a code, not another login.
            AuthenticatedUser fresh = new AuthenticatedUser(SUBJECT, f.clock.instant());
            String code = OidcFixtures.codeFrom(ask(back, fresh, ConsentDecision.APPROVED));
            OidcFixtures.Tokens tokens = OidcFixtures.tokens(f.exchange(new OidcFixtures.Code(code, null, WEB)));
            try {
                assertThat(f.validateIdToken(tokens.idToken(), WEB, "nn").getAuthenticationTime())
                        .isEqualTo(java.util.Date.from(fresh.authTime()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void promptLoginWithoutASessionIsALoginWithTheFlagSet() {
        AuthorizeResult r = ask(request("prompt", "login"), null, ConsentDecision.NONE);

        assertThat(r).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class,
                login -> assertThat(login.reauthenticate()).isTrue());
    }

    @Test
    void selectAccountIsTreatedAsLogin() {
        AuthorizeResult r = ask(request("prompt", "select_account"), f.user(), ConsentDecision.APPROVED);

        assertThat(r).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class, login -> {
            assertThat(login.reauthenticate()).isTrue();
            assertThat(comeBack(login)).doesNotContainKey("prompt");
        });
    }

    @Test
    void promptLoginConsentKeepsConsentForAfterTheLogin() {
        rememberConsent();

        AuthorizeResult first = ask(request("prompt", "login consent"), f.user(), ConsentDecision.NONE);

        AuthorizeResult.LoginRequired login = (AuthorizeResult.LoginRequired) first;
        assertThat(comeBack(login)).containsEntry("prompt", List.of("consent"));
        // Consent was remembered, but prompt=consent asks again.
        assertThat(ask(comeBack(login), loggedInAgo(Duration.ZERO), ConsentDecision.NONE))
                .isInstanceOf(AuthorizeResult.ConsentRequired.class);
    }

    // ---------------------------------------------------------------- prompt=consent

    @Test
    void promptConsentAsksEvenWhenRemembered_oidcCore_3_1_2_1() {
        rememberConsent();

        assertThat(ask(request("prompt", "consent"), f.user(), ConsentDecision.NONE))
                .isInstanceOf(AuthorizeResult.ConsentRequired.class);
        assertThat(OidcFixtures.codeFrom(ask(request("prompt", "consent"), f.user(), ConsentDecision.APPROVED)))
                .isNotBlank();
    }

    @Test
    void promptConsentAsksEvenForAFirstPartyClient() throws Exception {
        Map<String, List<String>> params = Params.singleValued(OidcFixtures.form("response_type", "code",
                "client_id", FIRST, "redirect_uri", FIRST_CB, "scope", "openid", "state", "st"));
        assertThat(ask(params, f.user(), ConsentDecision.NONE)).isInstanceOf(AuthorizeResult.Redirect.class);

        Map<String, List<String>> withPrompt = new LinkedHashMap<>(params);
        withPrompt.put("prompt", List.of("consent"));

        assertThat(ask(withPrompt, f.user(), ConsentDecision.NONE)).isInstanceOf(AuthorizeResult.ConsentRequired.class);
        assertThat(error(ask(withPrompt, f.user(), ConsentDecision.DENIED)).getErrorObject().getCode())
                .isEqualTo("access_denied");
    }

    // ---------------------------------------------------------------- max_age

    @Test
    void aLoginOlderThanMaxAgeMustBeRepeated_oidcCore_3_1_2_1() {
        AuthorizeResult r = ask(request("max_age", "300"), loggedInAgo(Duration.ofSeconds(301)),
                ConsentDecision.APPROVED);

        assertThat(r).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class, login -> {
            assertThat(login.reauthenticate()).isTrue();
            assertThat(comeBack(login)).doesNotContainKey("max_age").containsEntry("nonce", List.of("nn"));
        });
    }

    @Test
    void aLoginWithinMaxAgeIsEnough_andAuthTimeIsInTheIdToken_oidcCore_3_1_2_1() throws Exception {
        AuthenticatedUser user = loggedInAgo(Duration.ofSeconds(300));
        String code = OidcFixtures.codeFrom(ask(request("max_age", "300"), user, ConsentDecision.APPROVED));

        OidcFixtures.Tokens tokens = OidcFixtures.tokens(f.exchange(new OidcFixtures.Code(code, null, WEB)));

        assertThat(f.validateIdToken(tokens.idToken(), WEB, "nn").getAuthenticationTime())
                .isEqualTo(java.util.Date.from(user.authTime()));
    }

    @Test
    void maxAgeZeroDoesNotLoop() {
        AuthorizeResult first = ask(request("max_age", "0"), loggedInAgo(Duration.ofSeconds(1)),
                ConsentDecision.APPROVED);
        Map<String, List<String>> back = comeBack((AuthorizeResult.LoginRequired) first);

        // The login page took its time: the user logged in 5 seconds before coming back.
        f.clock.advance(Duration.ofSeconds(5));
        AuthorizeResult second = ask(back, loggedInAgo(Duration.ofSeconds(5)), ConsentDecision.APPROVED);

        assertThat(OidcFixtures.codeFrom(second)).isNotBlank();
    }

    @Test
    void withoutASessionMaxAgeIsDroppedFromTheReturnQueryToo() {
        AuthorizeResult r = ask(request("max_age", "0"), null, ConsentDecision.NONE);

        assertThat(r).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class, login -> {
            assertThat(login.reauthenticate()).isFalse();
            assertThat(comeBack(login)).doesNotContainKey("max_age");
        });
    }

    @Test
    void aMalformedMaxAgeIsInvalidRequest() throws Exception {
        for (String bad : List.of("-1", "abc", "1.5", "+5", "99999999999")) {
            assertThat(error(ask(request("max_age", bad), f.user(), ConsentDecision.APPROVED))
                    .getErrorObject().getCode()).as(bad).isEqualTo("invalid_request");
        }
    }

    @Test
    void theReturnQueryRoundTripsEveryOtherParameter() {
        Map<String, List<String>> original = request("prompt", "login", "ui_locales", "id en",
                "login_hint", "alice & bob=\u00e9 +", "max_age", "10");

        AuthorizeResult.LoginRequired login = (AuthorizeResult.LoginRequired) ask(original, null, ConsentDecision.NONE);

        Map<String, List<String>> expected = new LinkedHashMap<>(original);
        expected.remove("prompt");
        expected.remove("max_age");
        expected.put(AuthenticationPrompt.LOGIN_AFTER, List.of(Long.toString(f.clock.instant().getEpochSecond())));
        assertThat(login.returnParameters()).isEqualTo(expected);
        assertThat(comeBack(login)).isEqualTo(expected);
        assertThat(URI.create("https://nu.id/api/oauth/authorize?" + login.returnQuery()).getRawQuery())
                .isEqualTo(login.returnQuery());
    }

    @Test
    void anEmptyMaxAgeIsAnOmittedOne_rfc6749_3_1() {
        assertThat(ask(request("max_age", ""), loggedInAgo(Duration.ofDays(3)), ConsentDecision.APPROVED))
                .isInstanceOf(AuthorizeResult.Redirect.class);
    }

    @Test
    void unknownPromptValuesAreIgnored() {
        assertThat(ask(request("prompt", "create"), f.user(), ConsentDecision.APPROVED))
                .isInstanceOf(AuthorizeResult.Redirect.class);
    }

    @Test
    void theClockDecidesFreshness() {
        Instant authTime = f.clock.instant();
        AuthenticatedUser user = new AuthenticatedUser(SUBJECT, authTime);
        f.clock.advance(Duration.ofSeconds(60));
        assertThat(ask(request("max_age", "60"), user, ConsentDecision.APPROVED))
                .isInstanceOf(AuthorizeResult.Redirect.class);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(ask(request("max_age", "60"), user, ConsentDecision.APPROVED))
                .isInstanceOf(AuthorizeResult.LoginRequired.class);
    }

    // ---- issue: the engine, not the host's login page, holds prompt=login and max_age ----------

    @Test
    void theReturnUrlOpenedWithTheOldSessionAsksForALoginAgain_oidcCore_3_1_2_1() {
        AuthenticatedUser old = loggedInAgo(Duration.ofHours(2));
        AuthorizeResult.LoginRequired login = (AuthorizeResult.LoginRequired)
                ask(request("prompt", "login"), old, ConsentDecision.APPROVED);
        // a host that ignores reauth=1 and sends the old session straight back gets no code
        AuthorizeResult again = ask(comeBack(login), old, ConsentDecision.APPROVED);
        assertThat(again).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class,
                l -> assertThat(l.reauthenticate()).isTrue());
    }

    @Test
    void theReturnUrlOfAMaxAgeRequestRefusesALoginOlderThanTheHandOff_oidcCore_3_1_2_1() throws Exception {
        AuthenticatedUser old = loggedInAgo(Duration.ofMinutes(30));
        AuthorizeResult.LoginRequired login = (AuthorizeResult.LoginRequired)
                ask(request("max_age", "60"), old, ConsentDecision.APPROVED);
        assertThat(login.returnParameters()).doesNotContainKey("max_age")
                .containsKey(AuthenticationPrompt.LOGIN_AFTER);
        assertThat(ask(comeBack(login), old, ConsentDecision.APPROVED))
                .isInstanceOf(AuthorizeResult.LoginRequired.class);
        // with prompt=none on top, the answer is the login_required error (§3.1.2.6)
        Map<String, List<String>> silent = new LinkedHashMap<>(comeBack(login));
        silent.put("prompt", List.of("none"));
        assertThat(error(ask(silent, old, ConsentDecision.APPROVED)).getErrorObject().getCode()).isEqualTo("login_required");
        // a login after the hand-off gets the code
        f.clock.advance(Duration.ofSeconds(5));
        AuthenticatedUser fresh = new AuthenticatedUser(SUBJECT, f.clock.instant());
        assertThat(ask(comeBack(login), fresh, ConsentDecision.APPROVED)).isInstanceOf(AuthorizeResult.Redirect.class);
    }

    @Test
    void aMalformedLoginAfterIsInvalidRequest() throws Exception {
        assertThat(error(ask(request(AuthenticationPrompt.LOGIN_AFTER, "12ab"), f.user(), ConsentDecision.APPROVED))
                .getErrorObject().getCode()).isEqualTo("invalid_request");
    }
}
