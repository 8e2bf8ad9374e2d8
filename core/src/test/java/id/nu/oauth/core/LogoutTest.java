package id.nu.oauth.core;

import static id.nu.oauth.core.LogoutFixtures.RP;
import static id.nu.oauth.core.LogoutFixtures.RP2;
import static id.nu.oauth.core.LogoutFixtures.RP_SIGNED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenID Connect RP-Initiated Logout 1.0 and Back-Channel Logout 1.0 over the public API: the
 * end-session endpoint's checks and outcomes, the {@code sid} in id_tokens, the session's grants
 * revoked, and logout tokens delivered (validated with Nimbus) with retries and timeouts.
 */
class LogoutTest {

    private LogoutFixtures f;
    private AuthenticatedUser alice;

    @BeforeEach
    void setUp() throws Exception {
        f = new LogoutFixtures();
        alice = new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime).withSessionId("login-alice-1");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    // ---------------------------------------------------------------- sid and metadata

    @Test
    void metadataAdvertisesTheEndSessionEndpointAndBackChannelLogoutWithSessions() throws Exception {
        // RP-Initiated Logout 1.0 §2.1; Back-Channel Logout 1.0 §2.1
        OIDCProviderMetadata op = OIDCProviderMetadata.parse(f.server().openIdConfiguration());
        assertThat(op.getEndSessionEndpointURI()).isEqualTo(URI.create("https://nu.id/api/oauth/logout"));
        assertThat(op.supportsBackChannelLogout()).isTrue();
        assertThat(op.supportsBackChannelLogoutSession()).isTrue();
        assertThat(op.getClaims()).contains("sid");
    }

    @Test
    void idTokensCarryTheHostsLoginSessionAsSidAlsoAfterARefresh() throws Exception {
        // Back-Channel Logout 1.0 §2.1: "sid" in the ID Token; OIDC Core §12.2 keeps the claims on refresh
        OidcFixtures.Tokens tokens = f.login(RP, alice);
        IDTokenClaimsSet claims = f.oidc.validateIdToken(tokens.idToken(), RP, null);
        assertThat(claims.getSessionID().getValue()).isEqualTo("login-alice-1");

        OidcFixtures.Tokens refreshed = OidcFixtures.tokens(f.refresh(RP, tokens.refresh()));
        assertThat(f.oidc.validateIdToken(refreshed.idToken(), RP, null).getSessionID().getValue())
                .isEqualTo("login-alice-1");
    }

    @Test
    void withoutAHostSessionIdTheEngineDerivesOnePerLogin() throws Exception {
        AuthenticatedUser first = new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime);
        AuthenticatedUser again = new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime.plusSeconds(60));
        String sid1 = f.oidc.validateIdToken(f.login(RP, first).idToken(), RP, null).getSessionID().getValue();
        String sid1b = f.oidc.validateIdToken(f.login(RP2, first).idToken(), RP2, null).getSessionID().getValue();
        String sid2 = f.oidc.validateIdToken(f.login(RP, again).idToken(), RP, null).getSessionID().getValue();

        assertThat(sid1).isEqualTo(sid1b).isNotEqualTo(sid2).doesNotContain(OidcFixtures.SUBJECT);
    }

    // ---------------------------------------------------------------- RP-Initiated Logout: success

    @Test
    void aHintForThisSessionLogsOutAtOnceAndRedirectsToTheRegisteredUriWithState() throws Exception {
        // RP-Initiated Logout 1.0 §2 (id_token_hint), §3 (post_logout_redirect_uri, state)
        OidcFixtures.Tokens tokens = f.login(RP, alice);

        LogoutResult result = f.logout(alice, "id_token_hint", tokens.idToken(),
                "post_logout_redirect_uri", RP_SIGNED_OUT, "state", "st 1/ä", "ui_locales", "id en");

        assertThat(result).isInstanceOf(LogoutResult.LoggedOut.class);
        LogoutResult.LoggedOut out = (LogoutResult.LoggedOut) result;
        assertThat(out.endedSession()).isEqualTo(alice);
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.uiLocales()).isEqualTo("id en");
        assertThat(out.redirect().toString()).startsWith(RP_SIGNED_OUT + "?state=");
        assertThat(LogoutFixtures.query(out.redirect())).containsExactly(Map.entry("state", "st 1/ä"));
        assertThat(out.headers()).containsEntry("Location", out.redirect().toString())
                .containsEntry("Cache-Control", "no-store");
    }

    @Test
    void aRegisteredUriWithAQueryKeepsItAndGetsStateAppended() {
        OidcFixtures.Tokens tokens = f.login(RP, alice);
        LogoutResult.LoggedOut out = (LogoutResult.LoggedOut) f.logout(alice, "id_token_hint", tokens.idToken(),
                "post_logout_redirect_uri", "https://rp.example.org/bye?from=op", "state", "x");
        assertThat(out.redirect()).isEqualTo(URI.create("https://rp.example.org/bye?from=op&state=x"));
    }

    @Test
    void endingTheSessionRevokesItsGrantsSoRefreshTokensStopButLeavesOtherSessions() {
        // Back-Channel Logout 1.0 §2.7: the OP ends the session's state; RFC 6749 §6 refresh then fails
        OidcFixtures.Tokens rp = f.login(RP, alice);
        OidcFixtures.Tokens rp2 = f.login(RP2, alice);
        AuthenticatedUser aliceOnPhone = new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime)
                .withSessionId("login-phone");
        OidcFixtures.Tokens phone = f.login(RP, aliceOnPhone);

        f.logout(alice, "id_token_hint", rp.idToken());

        assertThat(f.refresh(RP, rp.refresh()).status()).isEqualTo(400);
        assertThat(OidcFixtures.json(f.refresh(RP, rp.refresh())).get("error")).isEqualTo("invalid_grant");
        assertThat(f.refresh(RP2, rp2.refresh()).status()).isEqualTo(400);
        assertThat(f.server().validateAccessToken(rp.access())).isInstanceOf(AccessTokenValidation.Inactive.class);
        assertThat(f.server().validateAccessToken(phone.access())).isInstanceOf(AccessTokenValidation.Active.class);
        assertThat(f.refresh(RP, phone.refresh()).status()).isEqualTo(200);
    }

    @Test
    void anExpiredHintIsStillAcceptedForLogout() {
        // RP-Initiated Logout 1.0 §2: the OP SHOULD accept an expired ID Token as a hint
        OidcFixtures.Tokens tokens = f.login(RP, alice);
        f.oidc.clock.advance(Duration.ofHours(5)); // the id_token lived one hour

        LogoutResult result = f.logout(alice, "id_token_hint", tokens.idToken(), "post_logout_redirect_uri",
                RP_SIGNED_OUT);

        assertThat(result).isInstanceOf(LogoutResult.LoggedOut.class);
        assertThat(((LogoutResult.LoggedOut) result).redirect()).isEqualTo(URI.create(RP_SIGNED_OUT));
    }

    @Test
    void aPostAnswersWithA303() {
        OidcFixtures.Tokens tokens = f.login(RP, alice);
        EndpointRequest post = EndpointRequest.of(OidcFixtures.form("id_token_hint", tokens.idToken(),
                "post_logout_redirect_uri", RP_SIGNED_OUT));
        LogoutResult result = f.server().endSession(LogoutRequest.of(post, alice));
        assertThat(((LogoutResult.LoggedOut) result).status()).isEqualTo(303);
    }

    @Test
    void withNoOneLoggedInTheClientStillGetsItsUserBackAndNothingIsRevoked() {
        OidcFixtures.Tokens tokens = f.login(RP, alice);

        LogoutResult result = f.logout(null, "client_id", RP, "post_logout_redirect_uri", RP_SIGNED_OUT,
                "state", "s");

        assertThat(result).isEqualTo(new LogoutResult.LoggedOut(null, URI.create(RP_SIGNED_OUT + "?state=s"), 302,
                null));
        assertThat(f.refresh(RP, tokens.refresh()).status()).isEqualTo(200);
    }

    @Test
    void withoutARedirectTheHostShowsASignedOutPage() {
        LogoutResult.LoggedOut out = (LogoutResult.LoggedOut) f.logout(alice, "id_token_hint",
                f.login(RP, alice).idToken(), "state", "ignored-without-a-redirect");
        assertThat(out.redirect()).isNull();
        assertThat(out.headers()).isEmpty();
    }

    // ---------------------------------------------------------------- confirmation

    @Test
    void withoutAHintTheUserIsAskedAndOnlyAConfirmedRequestEndsTheSession() {
        // RP-Initiated Logout 1.0 §2, §6: without id_token_hint the OP asks; a logout can be forged otherwise
        OidcFixtures.Tokens tokens = f.login(RP, alice);

        LogoutResult asked = f.logout(alice, "client_id", RP, "post_logout_redirect_uri", RP_SIGNED_OUT,
                "state", "s", "ui_locales", "ar");

        assertThat(asked).isInstanceOf(LogoutResult.ConfirmationRequired.class);
        LogoutResult.ConfirmationRequired confirm = (LogoutResult.ConfirmationRequired) asked;
        assertThat(confirm.clientName()).isEqualTo("Logout RP");
        assertThat(confirm.uiLocales()).isEqualTo("ar");
        assertThat(confirm.parameters()).containsEntry("post_logout_redirect_uri", List.of(RP_SIGNED_OUT));
        assertThat(f.refresh(RP, tokens.refresh()).status()).as("nothing ended before the answer").isEqualTo(200);

        LogoutResult done = f.server().endSession(LogoutRequest.of(confirm.parameters(), alice).confirmed());
        assertThat(done).isInstanceOf(LogoutResult.LoggedOut.class);
        assertThat(((LogoutResult.LoggedOut) done).redirect()).isEqualTo(URI.create(RP_SIGNED_OUT + "?state=s"));
        assertThat(f.refresh(RP, tokens.refresh()).status()).isEqualTo(400);
    }

    @Test
    void aBareRequestAsksWithoutNamingAClient() {
        LogoutResult asked = f.logout(alice);
        assertThat(asked).isInstanceOf(LogoutResult.ConfirmationRequired.class);
        assertThat(((LogoutResult.ConfirmationRequired) asked).clientName()).isNull();
    }

    @Test
    void aHintOfAnotherUserIsNotEnoughToLogThisOneOut() {
        // RP-Initiated Logout 1.0 §2: the hint's sub must be the logged-in End-User's
        AuthenticatedUser bob = new AuthenticatedUser("bob-0002", f.oidc.authTime).withSessionId("login-bob");
        String bobsHint = f.login(RP, bob).idToken();
        f.login(RP, alice);

        assertThat(f.logout(alice, "id_token_hint", bobsHint)).isInstanceOf(LogoutResult.ConfirmationRequired.class);
    }

    @Test
    void aHintFromAnEarlierLoginOfTheSameUserIsNotEnoughEither() {
        // Back-Channel Logout 1.0 §2.1: sid names the login; an old id_token must not end a new one silently
        AuthenticatedUser earlier = new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime).withSessionId("login-old");
        String oldHint = f.login(RP, earlier).idToken();

        assertThat(f.logout(alice, "id_token_hint", oldHint)).isInstanceOf(LogoutResult.ConfirmationRequired.class);
    }

    // ---------------------------------------------------------------- error paths: never a redirect

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "https://rp.example.org/signed-out/", "https://rp.example.org/signed-out?x=1", "https://RP.example.org/signed-out",
        "http://rp.example.org/signed-out", "https://rp.example.org/signed-out#f", "https://rp.example.org/signed-ou",
        "https://rp.example.org/signed-out.evil.example", "https://rp.example.org:443/signed-out",
        "https://rp.example.org/%73igned-out", "https://evil.example/signed-out", "https://rp.example.org/cb",
        "https://rp.example.org/logout-cb", "https://rp.example.org/bye", "//evil.example"})
    void anUnregisteredOrNearMissPostLogoutRedirectUriIsShownNeverFollowed(String uri) {
        // RP-Initiated Logout 1.0 §3: exactly one of the registered values (simple string comparison)
        OidcFixtures.Tokens tokens = f.login(RP, alice);

        LogoutResult result = f.logout(alice, "id_token_hint", tokens.idToken(), "post_logout_redirect_uri", uri);

        assertErrorPage(result, "not registered");
        assertThat(f.refresh(RP, tokens.refresh()).status()).as("nothing ended").isEqualTo(200);
    }

    @Test
    void aRedirectUriOfAnotherClientIsRefused() {
        // registered for RP, asked for by RP2
        assertErrorPage(f.logout(alice, "client_id", RP2, "post_logout_redirect_uri", RP_SIGNED_OUT),
                "not registered");
    }

    @Test
    void aPostLogoutRedirectUriWithoutHintOrClientIdIsRefused() {
        // RP-Initiated Logout 1.0 §3: the URI must be registered for the client the request identifies
        assertErrorPage(f.logout(alice, "post_logout_redirect_uri", RP_SIGNED_OUT), "needs an id_token_hint");
        assertErrorPage(f.logout(null, "post_logout_redirect_uri", RP_SIGNED_OUT), "needs an id_token_hint");
    }

    @Test
    void aClientIdThatIsNotTheHintsAudienceIsRefused() {
        // RP-Initiated Logout 1.0 §2: client_id MUST match the ID Token's client
        String hint = f.login(RP, alice).idToken();
        assertErrorPage(f.logout(alice, "id_token_hint", hint, "client_id", RP2, "post_logout_redirect_uri",
                RP_SIGNED_OUT), "not the client");
    }

    @Test
    void anUnknownOrMalformedClientIsRefusedWith400() {
        LogoutResult unknown = f.logout(alice, "client_id", "no-such-client", "post_logout_redirect_uri",
                RP_SIGNED_OUT);
        assertThat(unknown).isInstanceOf(LogoutResult.ErrorPage.class);
        assertThat(((LogoutResult.ErrorPage) unknown).status()).isEqualTo(400);
        assertThat(((LogoutResult.ErrorPage) unknown).error().code()).isEqualTo("invalid_client");
        assertErrorPage(f.logout(alice, "client_id", "bad client\u0001"), "malformed");
    }

    @Test
    void aDisabledClientGetsNoRedirect() {
        String hint = f.login(RP, alice).idToken();
        f.server().storage().clients().save(f.server().storage().clients().find(RP).orElseThrow().withDisabled(true));
        LogoutResult result = f.logout(alice, "id_token_hint", hint, "post_logout_redirect_uri", RP_SIGNED_OUT);
        assertThat(((LogoutResult.ErrorPage) result).error().code()).isEqualTo("invalid_client");
    }

    @Test
    void aHintSignedByAnotherKeyIsRefused() throws Exception {
        // RP-Initiated Logout 1.0 §2: a hint the OP did not issue is not a hint
        RSAKey foreign = OidcFixtures.rsa();
        RSAKey sameKid = new RSAKey.Builder(foreign).keyID(OidcFixtures.RSA.getKeyID()).build();
        String forged = sign(sameKid, claims(OidcFixtures.SUBJECT, RP, "login-alice-1").build(), JOSEObjectType.JWT);
        f.login(RP, alice);

        assertErrorPage(f.logout(alice, "id_token_hint", forged, "post_logout_redirect_uri", RP_SIGNED_OUT),
                "not an ID Token issued by this server");
    }

    @Test
    void anAlteredHintIsRefused() {
        String hint = f.login(RP, alice).idToken();
        String[] parts = hint.split("\\.");
        String otherPayload = com.nimbusds.jose.util.Base64URL.encode(
                claims("mallory", RP, "login-alice-1").build().toString()).toString();
        assertErrorPage(f.logout(alice, "id_token_hint", parts[0] + "." + otherPayload + "." + parts[2]),
                "not an ID Token");
        assertErrorPage(f.logout(alice, "id_token_hint", parts[0] + "." + parts[1] + "."), "not an ID Token");
    }

    @Test
    void anUnsignedHintIsRefused() {
        String none = new PlainJWT(claims(OidcFixtures.SUBJECT, RP, "login-alice-1").build()).serialize();
        assertErrorPage(f.logout(alice, "id_token_hint", none), "not an ID Token");
        assertErrorPage(f.logout(alice, "id_token_hint", "not-a-jwt"), "not an ID Token");
    }

    @Test
    void aTokenOfOurOwnKeysThatIsNotAnIdTokenOfThisIssuerIsRefused() throws Exception {
        // our key, another issuer; and a logout token (typ logout+jwt) replayed as a hint
        String otherIssuer = sign(OidcFixtures.RSA, claims(OidcFixtures.SUBJECT, RP, "login-alice-1")
                .issuer("https://elsewhere.example").build(), JOSEObjectType.JWT);
        String logoutTyped = sign(OidcFixtures.RSA, claims(OidcFixtures.SUBJECT, RP, "login-alice-1").build(),
                new JOSEObjectType("logout+jwt"));
        assertErrorPage(f.logout(alice, "id_token_hint", otherIssuer), "not an ID Token");
        assertErrorPage(f.logout(alice, "id_token_hint", logoutTyped), "not an ID Token");
    }

    @Test
    void aHintForADeletedClientIsRefused() throws Exception {
        String hint = sign(OidcFixtures.RSA, claims(OidcFixtures.SUBJECT, "gone-client", null).build(),
                JOSEObjectType.JWT);
        LogoutResult result = f.logout(alice, "id_token_hint", hint);
        assertThat(((LogoutResult.ErrorPage) result).error().code()).isEqualTo("invalid_client");
    }

    @Test
    void repeatedParametersAndOtherMethodsAreRefused() {
        // OpenID Connect Core 1.0 §3.1.2.1 / RFC 6749 §3.1: a parameter sent twice is an error
        LogoutResult twice = f.server().endSession(LogoutRequest.of(Map.of("client_id", List.of(RP, RP)), alice));
        assertErrorPage(twice, "more than once");

        LogoutResult put = f.server().endSession(LogoutRequest.of(EndpointRequest.builder("PUT", Endpoints.END_SESSION)
                .build(), alice));
        assertThat(((LogoutResult.ErrorPage) put).status()).isEqualTo(405);
        assertThat(((LogoutResult.ErrorPage) put).headers()).containsEntry("Allow", "GET, POST");
    }

    @Test
    void handleRefusesTheEndSessionPathBecauseItNeedsTheUser() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.server().handle(
                EndpointRequest.builder("GET", Endpoints.END_SESSION).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endSession");
    }

    // ---------------------------------------------------------------- Back-Channel Logout

    @Test
    void eachClientOfTheSessionGetsAValidLogoutTokenWithSubAndSid() throws Exception {
        // Back-Channel Logout 1.0 §2.4 (claims), §2.5 (POST logout_token), §2.6 (validated with Nimbus)
        OidcFixtures.Tokens rp = f.login(RP, alice);
        f.login(RP2, alice);

        f.logout(alice, "id_token_hint", rp.idToken());

        Map<String, LogoutFixtures.Received> byPath = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++) {
            LogoutFixtures.Received r = f.next();
            byPath.put(r.path(), r);
        }
        assertThat(byPath).containsOnlyKeys("/rp/backchannel", "/rp2/backchannel");
        LogoutFixtures.Received toRp = byPath.get("/rp/backchannel");
        assertThat(toRp.contentType()).isEqualTo("application/x-www-form-urlencoded");
        LogoutTokenClaimsSet claims = f.validate(toRp.logoutToken(), RP);
        assertThat(claims.getSubject().getValue()).isEqualTo(OidcFixtures.SUBJECT);
        assertThat(claims.getSessionID().getValue()).isEqualTo("login-alice-1");
        assertThat(claims.getJWTID()).isNotNull();
        assertThat(claims.getClaim("nonce")).isNull();
        assertThat(claims.toJWTClaimsSet().getJSONObjectClaim("events"))
                .containsOnlyKeys("http://schemas.openid.net/event/backchannel-logout");
        assertThat(SignedJWT.parse(toRp.logoutToken()).getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
        assertThat(f.validate(byPath.get("/rp2/backchannel").logoutToken(), RP2).getAudience().get(0).getValue())
                .isEqualTo(RP2);
        assertThat(f.received.poll(300, TimeUnit.MILLISECONDS)).as("one token per client").isNull();
    }

    @Test
    void onlyTheEndedSessionsClientsAreTold() throws Exception {
        AuthenticatedUser aliceOnPhone = new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime)
                .withSessionId("login-phone");
        f.login(RP2, aliceOnPhone);
        OidcFixtures.Tokens rp = f.login(RP, alice);

        f.logout(alice, "id_token_hint", rp.idToken());

        assertThat(f.next().path()).isEqualTo("/rp/backchannel");
        assertThat(f.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aFailingClientIsRetriedWithBackoffUntilItAnswers() throws Exception {
        // Back-Channel Logout 1.0 §2.8: 5xx is a failure; the OP retries a bounded number of times
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        f.status = () -> n.incrementAndGet() < 3 ? 503 : 200;
        OidcFixtures.Tokens rp = f.login(RP, alice);

        f.logout(alice, "id_token_hint", rp.idToken());

        f.validate(f.next().logoutToken(), RP);
        assertThat(n.get()).isEqualTo(3);
    }

    @Test
    void triesAreBoundedAndA4xxIsNotRetried() throws Exception {
        f.status = () -> 500;
        f.logout(alice, "id_token_hint", f.login(RP, alice).idToken());
        waitForCalls(4);
        Thread.sleep(400);
        assertThat(f.calls.get()).as("four tries at most").isEqualTo(4);

        f.calls.set(0);
        f.status = () -> 400;
        AuthenticatedUser again = new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime).withSessionId("login-2");
        f.logout(again, "id_token_hint", f.login(RP, again).idToken());
        waitForCalls(1);
        Thread.sleep(400);
        assertThat(f.calls.get()).as("a refusal is final").isEqualTo(1);
    }

    @Test
    void aRedirectFromTheBackChannelIsNotFollowed() throws Exception {
        // Back-Channel Logout 1.0 §2.5: the OP POSTs to the registered URI only
        f.status = () -> f.calls.get() == 1 ? 302 : 200;
        f.logout(alice, "id_token_hint", f.login(RP, alice).idToken());
        waitForCalls(1);
        Thread.sleep(400);
        assertThat(f.calls.get()).isEqualTo(1);
        assertThat(f.received).isEmpty();
    }

    @Test
    void aSlowClientNeverHoldsUpTheUsersLogoutAndTimesOut() throws Exception {
        // never blocking the user's request; the read timeout (1 s here) bounds each try
        f.close();
        f = new LogoutFixtures(b -> b.backChannelLogoutTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        f.delay = Duration.ofSeconds(4);
        OidcFixtures.Tokens rp = f.login(RP, alice);

        long start = System.nanoTime();
        LogoutResult result = f.logout(alice, "id_token_hint", rp.idToken(), "post_logout_redirect_uri",
                RP_SIGNED_OUT);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result).isInstanceOf(LogoutResult.LoggedOut.class);
        assertThat(millis).as("endSession returned in %d ms", millis).isLessThan(1000);
        waitForCalls(2); // the first try timed out after 1 s and a second came
    }

    @Test
    void aClientWithoutABackChannelIsNotCalled() throws Exception {
        OidcFixtures.Tokens web = f.oidc.login(OidcFixtures.WEB, "openid", null); // no logout registration
        AuthenticatedUser fixtureUser = f.oidc.user();
        LogoutResult out = f.logout(fixtureUser, "id_token_hint", web.idToken());
        assertThat(out).isInstanceOf(LogoutResult.LoggedOut.class);
        assertThat(f.oidc.refresh(OidcFixtures.WEB, web.refresh()).status()).isEqualTo(400);
        Thread.sleep(300);
        assertThat(f.calls.get()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private void waitForCalls(int calls) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (f.calls.get() < calls && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(f.calls.get()).isGreaterThanOrEqualTo(calls);
    }

    private static void assertErrorPage(LogoutResult result, String descriptionPart) {
        assertThat(result).isInstanceOf(LogoutResult.ErrorPage.class);
        LogoutResult.ErrorPage page = (LogoutResult.ErrorPage) result;
        assertThat(page.status()).isBetween(400, 499);
        assertThat(page.error().description()).contains(descriptionPart);
    }

    private JWTClaimsSet.Builder claims(String subject, String audience, String sid) {
        Instant now = f.oidc.clock.instant();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(OidcFixtures.ISSUER.toString()).subject(subject)
                .audience(audience).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
        return sid == null ? b : b.claim("sid", sid);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims, JOSEObjectType type) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type)
                .build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
