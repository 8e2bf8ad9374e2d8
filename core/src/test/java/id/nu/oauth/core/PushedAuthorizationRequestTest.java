package id.nu.oauth.core;

import static id.nu.oauth.core.ParJarFixtures.ALICE;
import static id.nu.oauth.core.ParJarFixtures.BANK;
import static id.nu.oauth.core.ParJarFixtures.BANK_CB;
import static id.nu.oauth.core.ParJarFixtures.MOBILE;
import static id.nu.oauth.core.ParJarFixtures.MOBILE_CB;
import static id.nu.oauth.core.ParJarFixtures.PORTAL;
import static id.nu.oauth.core.ParJarFixtures.basic;
import static id.nu.oauth.core.ParJarFixtures.pushError;
import static id.nu.oauth.core.ParJarFixtures.request;
import static id.nu.oauth.core.ParJarFixtures.requestUri;
import static id.nu.oauth.core.ParJarFixtures.withRequestUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Prompt;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Pushed authorization requests (RFC 9126) over the public API, built and read with Nimbus. */
class PushedAuthorizationRequestTest {

    private final ParJarFixtures f = new ParJarFixtures();

    // ---- the push (RFC 9126 §2) --------------------------------------------------------------------

    @Test
    void aPushIs201WithAShortLivedRandomRequestUriStoredOnlyAsItsHash_rfc9126_2_2() {
        EndpointResponse answer = f.push(MOBILE, request(MOBILE, MOBILE_CB).build());

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        PushedAuthorizationSuccessResponse ok = ParJarFixtures.parse(answer).toSuccessResponse();
        assertThat(ok.getLifetime()).isEqualTo(60);
        String uri = ok.getRequestURI().toString();
        assertThat(uri).startsWith("urn:ietf:params:oauth:request_uri:");
        // §7.1: at least 128 bits; the generator draws 256 (43 base64url characters)
        assertThat(uri.substring("urn:ietf:params:oauth:request_uri:".length())).hasSizeGreaterThanOrEqualTo(43);
        assertThat(f.server.storage().pushedRequests().find(TokenHasher.hash(uri))).isPresent();
        assertThat(f.server.storage().pushedRequests().find(uri)).isEmpty();
        assertThat(f.server.storage().pushedRequests().find(TokenHasher.hash(uri)).orElseThrow().parameters())
                .doesNotContain(uri);
    }

    @Test
    void aConfidentialClientPushesWithItsSecretAndAPublicClientWithItsClientId_rfc9126_2_1() {
        assertThat(requestUri(f.push(BANK, request(BANK, BANK_CB).build()))).isNotBlank();
        assertThat(requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).build()))).isNotBlank();
    }

    @Test
    void aClientWithKeysPushesWithPrivateKeyJwt_rfc9126_2_rfc7523_2_2() throws Exception {
        com.nimbusds.jose.jwk.ECKey key = ParJarFixtures.ecKey("keyed-1");
        ParJarFixtures keyed = new ParJarFixtures(b -> b.client(id.nu.oauth.client.Client.confidentialWithKeys("keyed",
                id.nu.oauth.client.ClientKeys.inline(ParJarFixtures.publicJwks(key))).redirectUri(BANK_CB)
                .scopes("profile").build()));
        com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT assertion = new com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT(
                new com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet(new com.nimbusds.oauth2.sdk.id.ClientID(
                        "keyed"), List.of(new com.nimbusds.oauth2.sdk.id.Audience(ParJarFixtures.PAR_URI)),
                        java.util.Date.from(keyed.clock.instant().plusSeconds(60)), null,
                        java.util.Date.from(keyed.clock.instant()), new com.nimbusds.oauth2.sdk.id.JWTID()),
                com.nimbusds.jose.JWSAlgorithm.ES256, key.toECPrivateKey(), key.getKeyID(), null);
        String uri = requestUri(keyed.send(new com.nimbusds.oauth2.sdk.PushedAuthorizationRequest(
                ParJarFixtures.PAR_URI, assertion, request("keyed", BANK_CB).build()).toHTTPRequest()));
        AuthorizeFixtures.success(keyed.authorizeApproved(withRequestUri("keyed", uri)));
        // the same assertion again: its jti is used up (RFC 7523 §3)
        assertThat(pushError(keyed.send(new com.nimbusds.oauth2.sdk.PushedAuthorizationRequest(
                ParJarFixtures.PAR_URI, assertion, request("keyed", BANK_CB).build()).toHTTPRequest())))
                .isEqualTo("invalid_client");
    }

    @Test
    void aWrongSecretOrNoClientAtAllIsInvalidClient401_rfc9126_2() {
        EndpointResponse wrong = f.pushForm("response_type=code&redirect_uri=" + BANK_CB,
                basic(BANK).replace("Basic ", "Basic x"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(pushError(wrong)).isEqualTo("invalid_client");

        EndpointResponse anonymous = f.pushForm("response_type=code&redirect_uri=" + BANK_CB, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(pushError(anonymous)).isEqualTo("invalid_client");
    }

    @Test
    void onlyPostIsAccepted_rfc9126_2() {
        EndpointResponse get = f.server.handle(EndpointRequest.builder("GET", Endpoints.PUSHED_AUTHORIZATION_REQUEST)
                .query("client_id=mobile-app&response_type=code").build());
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
    }

    @Test
    void aRequestUriInsideAPushIsRefused_rfc9126_2_1() {
        String first = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).build()));
        EndpointResponse answer = f.pushForm("client_id=mobile-app&request_uri=" + first, null);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(pushError(answer)).isEqualTo("invalid_request");
        assertThat(ParJarFixtures.parse(answer).toErrorResponse().getErrorObject().getDescription())
                .contains("request_uri");
    }

    @Test
    void thePushIsValidatedAsTheAuthorizationEndpointWouldAndErrorsAreJson_rfc9126_2_1_2_3() {
        String pkce = "&code_challenge=" + CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue()
                + "&code_challenge_method=S256";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("client_id=mobile-app&response_type=code&redirect_uri=https://evil.example/cb" + pkce,
                "invalid_request");
        cases.put("client_id=mobile-app&response_type=code&scope=admin" + pkce, "invalid_scope");
        cases.put("client_id=mobile-app&response_type=code", "invalid_request"); // PKCE required (RFC 7636)
        cases.put("client_id=mobile-app&response_type=token" + pkce, "unsupported_response_type");
        cases.put("client_id=mobile-app&response_type=code&response_mode=jwt" + pkce, "invalid_request");
        cases.put("client_id=mobile-app&response_type=code&response_mode=fragment" + pkce, "invalid_request");
        cases.put("client_id=mobile-app&response_type=code&state=a&state=b" + pkce, "invalid_request");
        cases.put("client_id=mobile-app&response_type=code&state=%01" + pkce, "invalid_request");
        cases.put("client_id=mobile-app&response_type=code&prompt=none+login" + pkce, "invalid_request");
        cases.forEach((form, code) -> {
            EndpointResponse answer = f.pushForm(form, null);
            assertThat(answer.status()).as(form).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/json");
            assertThat(pushError(answer)).as(form).isEqualTo(code);
        });
    }

    @Test
    void theLifetimeIsConfigurableAndShort_rfc9126_2_2() {
        ParJarFixtures thirty = new ParJarFixtures(b -> b.pushedAuthorizationRequestLifetime(Duration.ofSeconds(30)));
        assertThat(ParJarFixtures.parse(thirty.push(MOBILE, request(MOBILE, MOBILE_CB).build())).toSuccessResponse()
                .getLifetime()).isEqualTo(30);
        assertThatThrownBy(() -> AuthorizationServer.builder().pushedAuthorizationRequestLifetime(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizationServer.builder().pushedAuthorizationRequestLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the authorization request with request_uri (RFC 9126 §4) ---------------------------------

    @Test
    void theRequestUriStandsForThePushedRequestAndItsCodeRedeems_rfc9126_4() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest pushed = request(MOBILE, MOBILE_CB).codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        String uri = requestUri(f.push(MOBILE, pushed));

        AuthorizeResult result = f.authorizeApproved(withRequestUri(MOBILE, uri));
        AuthorizationSuccessResponse ok = AuthorizeFixtures.success(result);
        assertThat(ok.getState()).isEqualTo(new State("st-1"));
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(MOBILE_CB));
        TokenResponse tokens = AuthorizeFixtures.redeem(f.server, MOBILE, ok, MOBILE_CB, verifier);
        assertThat(tokens.indicatesSuccess()).as(String.valueOf(tokens)).isTrue();
        assertThat(tokens.toSuccessResponse().getTokens().getAccessToken().getScope())
                .isEqualTo(new Scope("profile"));
    }

    @Test
    void parametersOutsideThePushedRequestAreIgnored_rfc9126_4_rfc9101_5() {
        String uri = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).build()));
        Map<String, List<String>> query = new LinkedHashMap<>(withRequestUri(MOBILE, uri));
        query.put("redirect_uri", List.of("https://evil.example/cb"));
        query.put("scope", List.of("email"));
        query.put("state", List.of("forged"));
        query.put("response_mode", List.of("fragment"));

        AuthorizationSuccessResponse ok = AuthorizeFixtures.success(f.authorizeApproved(query));
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(MOBILE_CB));
        assertThat(ok.getState()).isEqualTo(new State("st-1"));
    }

    @Test
    void loginAndConsentReadThePushedRequestAndTheEndUsesItUpOnce_rfc9126_4() {
        String uri = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).build()));

        AuthorizeResult login = f.authorize(withRequestUri(MOBILE, uri), null);
        assertThat(login).isInstanceOf(AuthorizeResult.LoginRequired.class);
        Map<String, List<String>> back = ((AuthorizeResult.LoginRequired) login).returnParameters();
        assertThat(back).containsEntry("request_uri", List.of(uri)).containsEntry("client_id", List.of(MOBILE));

        AuthorizeResult consent = f.authorize(back, ALICE);
        assertThat(consent).isInstanceOf(AuthorizeResult.ConsentRequired.class);
        assertThat(((AuthorizeResult.ConsentRequired) consent).scopes()).containsExactly("profile");

        AuthorizeFixtures.success(f.authorizeApproved(back));
        AuthorizeResult again = f.authorizeApproved(back);
        assertThat(AuthorizeFixtures.asErrorPage(again).error().code()).isEqualTo("invalid_request_uri");
    }

    @Test
    void anErrorThatEndsTheAuthorizationUsesTheRequestUpToo_rfc9126_4() {
        String denied = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).build()));
        AuthorizeFixtures.error(f.server.authorize(AuthorizeRequest.of(withRequestUri(MOBILE, denied), ALICE)
                .withConsent(ConsentDecision.DENIED)), "access_denied");
        assertThat(AuthorizeFixtures.asErrorPage(f.authorizeApproved(withRequestUri(MOBILE, denied))).error().code())
                .isEqualTo("invalid_request_uri");

        String silent = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).prompt(new Prompt("none")).build()));
        AuthorizeFixtures.error(f.authorize(withRequestUri(MOBILE, silent), null), "login_required");
        assertThat(AuthorizeFixtures.asErrorPage(f.authorizeApproved(withRequestUri(MOBILE, silent))).error().code())
                .isEqualTo("invalid_request_uri");
    }

    @Test
    void theRequestUriIsBoundToTheClientThatPushedIt_rfc9126_4() {
        String uri = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).build()));
        AuthorizeResult other = f.authorizeApproved(withRequestUri(PORTAL, uri));
        assertThat(AuthorizeFixtures.asErrorPage(other).error().code()).isEqualTo("invalid_request_uri");
        // the attempt used nothing up: the right client still can
        AuthorizeFixtures.success(f.authorizeApproved(withRequestUri(MOBILE, uri)));
    }

    @Test
    void anExpiredUnknownOrForeignRequestUriIsAnErrorPage_rfc9126_4_rfc9101_6_2() {
        String uri = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).build()));
        f.clock.advance(Duration.ofSeconds(60));
        for (String bad : List.of(uri, "urn:ietf:params:oauth:request_uri:unknown",
                "https://client.example/request.jwt", "urn:example:other")) {
            AuthorizeResult r = f.authorizeApproved(withRequestUri(MOBILE, bad));
            assertThat(AuthorizeFixtures.asErrorPage(r).error().code()).as(bad).isEqualTo("invalid_request_uri");
            assertThat(AuthorizeFixtures.asErrorPage(r).status()).isEqualTo(400);
        }
    }

    @Test
    void aRequestUriNeedsItsClientIdAndNeitherMayBeRepeatedNorMixedWithRequest_rfc9126_4() {
        String uri = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).build()));
        Map<String, List<String>> noClient = new LinkedHashMap<>(withRequestUri(MOBILE, uri));
        noClient.remove("client_id");
        assertThat(AuthorizeFixtures.asErrorPage(f.authorizeApproved(noClient)).error().code())
                .isEqualTo("invalid_request");
        Map<String, List<String>> twice = new LinkedHashMap<>(withRequestUri(MOBILE, uri));
        twice.put("request_uri", List.of(uri, uri));
        assertThat(AuthorizeFixtures.asErrorPage(f.authorizeApproved(twice)).error().code())
                .isEqualTo("invalid_request");
        Map<String, List<String>> both = new LinkedHashMap<>(withRequestUri(MOBILE, uri));
        both.put("request", List.of("x.y.z"));
        assertThat(AuthorizeFixtures.asErrorPage(f.authorizeApproved(both)).error().code())
                .isEqualTo("invalid_request");
        Map<String, List<String>> unknownClient = withRequestUri("nobody", uri);
        assertThat(AuthorizeFixtures.asErrorPage(f.authorizeApproved(unknownClient)).status()).isEqualTo(400);
        AuthorizeFixtures.success(f.authorizeApproved(withRequestUri(MOBILE, uri)));
    }

    @Test
    void fiftyConcurrentCompletionsOfOneRequestUriGiveExactlyOneCode_rfc9126_4() throws Exception {
        String uri = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).build()));
        int threads = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<AuthorizeResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return f.authorizeApproved(withRequestUri(MOBILE, uri));
                }));
            }
            start.countDown();
            int codes = 0;
            int refused = 0;
            for (Future<AuthorizeResult> result : results) {
                AuthorizeResult r = result.get();
                if (r instanceof AuthorizeResult.Redirect) {
                    AuthorizeFixtures.success(r);
                    codes++;
                } else if (r instanceof AuthorizeResult.ErrorPage page
                        && page.error().code().equals("invalid_request_uri")) {
                    refused++;
                }
            }
            assertThat(codes).isEqualTo(1);
            assertThat(refused).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoginAfterThePushSatisfiesItsPromptLoginWithoutALoop_oidcCore_3_1_2_1() {
        String uri = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).prompt(new Prompt("login")).build()));
        Instant now = f.clock.instant();
        AuthorizeResult first = f.authorize(withRequestUri(MOBILE, uri), ALICE);
        assertThat(first).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class,
                l -> assertThat(l.reauthenticate()).isTrue());
        Map<String, List<String>> back = ((AuthorizeResult.LoginRequired) first).returnParameters();

        // the old session still is not enough: the login must be after the hand-off
        assertThat(f.authorize(back, ALICE)).isInstanceOf(AuthorizeResult.LoginRequired.class);
        AuthenticatedUser fresh = new AuthenticatedUser("alice", now);
        AuthorizeFixtures.success(f.server.authorize(AuthorizeRequest.of(back, fresh)
                .withConsent(ConsentDecision.APPROVED)));

        // a hand-off bound older than the push does not lift the pushed prompt=login
        String second = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).prompt(new Prompt("login")).build()));
        Map<String, List<String>> forged = new LinkedHashMap<>(withRequestUri(MOBILE, second));
        forged.put(AuthenticationPrompt.LOGIN_AFTER, List.of("0"));
        assertThat(f.authorize(forged, ALICE)).isInstanceOf(AuthorizeResult.LoginRequired.class);
    }

    // ---- PAR required (RFC 9126 §5, §6) -------------------------------------------------------------

    @Test
    void aClientThatMustPushIsRefusedWithoutAPushedRequest_rfc9126_6() {
        Map<String, List<String>> direct = AuthorizeFixtures.params(request(BANK, BANK_CB).build());
        AuthorizeFixtures.error(f.authorizeApproved(direct), "invalid_request");
        String uri = requestUri(f.push(BANK, request(BANK, BANK_CB).build()));
        AuthorizeFixtures.success(f.authorizeApproved(withRequestUri(BANK, uri)));
    }

    @Test
    void theServerCanRequirePushedRequestsOfEveryClientAndSaysSoInMetadata_rfc9126_5() throws Exception {
        ParJarFixtures strict = new ParJarFixtures(b -> b.requirePushedAuthorizationRequests(true));
        AuthorizeFixtures.error(strict.authorizeApproved(AuthorizeFixtures.params(request(MOBILE, MOBILE_CB).build())),
                "invalid_request");
        String uri = requestUri(strict.push(MOBILE, request(MOBILE, MOBILE_CB).build()));
        AuthorizeFixtures.success(strict.authorizeApproved(withRequestUri(MOBILE, uri)));

        AuthorizationServerMetadata on = AuthorizationServerMetadata.parse(strict.server.authorizationServerMetadata());
        assertThat(on.requiresPushedAuthorizationRequests()).isTrue();
        assertThat(on.getPushedAuthorizationRequestEndpointURI()).isEqualTo(ParJarFixtures.PAR_URI);
        AuthorizationServerMetadata off = AuthorizationServerMetadata.parse(f.server.authorizationServerMetadata());
        assertThat(off.requiresPushedAuthorizationRequests()).isFalse();
        assertThat(off.getPushedAuthorizationRequestEndpointURI()).isEqualTo(ParJarFixtures.PAR_URI);
    }
}
