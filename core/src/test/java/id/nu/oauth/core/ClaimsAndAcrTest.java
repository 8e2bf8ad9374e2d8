package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.SUBJECT;
import static id.nu.oauth.core.OidcFixtures.WEB;
import static id.nu.oauth.core.OidcFixtures.WEB_CB;
import static id.nu.oauth.core.OidcFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.ClaimRequirement;
import com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenID Connect {@code claims} request parameter (OpenID Connect Core 1.0 §5.5) and
 * {@code acr_values} (§3.1.2.1) answered with the {@code acr} of the host's login (§2, §5.5.1.1).
 * Requests are built with Nimbus ({@link AuthenticationRequest}, {@link OIDCClaimsRequest}) and
 * id_tokens validated with Nimbus's {@code IDTokenValidator}.
 */
class ClaimsAndAcrTest {

    static final String MFA = "urn:nuid:acr:mfa";
    static final String PASSWORD = "urn:nuid:acr:password";
    static final Map<String, Object> ALICE = Map.of("name", "Alice", "email", "alice@example.org",
            "email_verified", true, "phone_number", "+62 811 000");

    private final OidcFixtures f = OidcFixtures.create(b -> b.claimsSource(subject -> ALICE)
            .acrValuesSupported(PASSWORD, MFA));

    // ------------------------------------------------------------------ claims, §5.5

    @Test
    void anIdTokenClaimRequestedAndReachedByAScopeIsInTheIdToken_oidcCore_5_5() throws Exception {
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest()
                .add(new ClaimsSetRequest.Entry("email").withClaimRequirement(ClaimRequirement.ESSENTIAL))
                .add("email_verified"));

        IDTokenClaimsSet idToken = login(request("openid email", claims, null), user(null));

        assertThat(idToken.getStringClaim("email")).isEqualTo("alice@example.org");
        assertThat(idToken.getBooleanClaim("email_verified")).isTrue();
        assertThat(idToken.getClaim("name")).isNull(); // not asked for the id_token
    }

    @Test
    void aClaimNoGrantedScopeReachesIsLeftOutWithoutError_oidcCore_5_5_1() throws Exception {
        // §5.5.1: claims not returned, essential or not, are no error; consent is per scope.
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest()
                .add(new ClaimsSetRequest.Entry("phone_number").withClaimRequirement(ClaimRequirement.ESSENTIAL)));

        IDTokenClaimsSet idToken = login(request("openid email", claims, null), user(null));

        assertThat(idToken.getClaim("phone_number")).isNull();
        assertThat(idToken.getSubject().getValue()).isEqualTo(SUBJECT);
    }

    @Test
    void aClaimRequestNeverReplacesTheIdTokensOwnClaims_oidcCore_2() throws Exception {
        OidcFixtures hostile = OidcFixtures.create(b -> b.claimsSource(s -> Map.of("sub", "mallory", "iss", "x",
                "email", "alice@example.org")));
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest()
                .add("sub").add("iss").add("email"));

        IDTokenClaimsSet idToken = login(hostile, request("openid email", claims, null), user(null));

        assertThat(idToken.getSubject().getValue()).isEqualTo(SUBJECT);
        assertThat(idToken.getIssuer().getValue()).isEqualTo(OidcFixtures.ISSUER.toString());
        assertThat(idToken.getStringClaim("email")).isEqualTo("alice@example.org");
    }

    @Test
    void aClaimsParameterThatIsNotAClaimsRequestIsInvalidRequest_oidcCore_5_5() throws Exception {
        for (String bad : List.of("{not json", "[1,2]", "{\"id_token\":\"email\"}")) {
            Map<String, List<String>> query = request("openid email", null, null);
            query.put("claims", List.of(bad));
            AuthorizeResult result = authorize(query, user(null));
            AuthorizationResponse parsed = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location());
            assertThat(parsed.indicatesSuccess()).as(bad).isFalse();
            assertThat(parsed.toErrorResponse().getErrorObject().getCode()).as(bad).isEqualTo("invalid_request");
            assertThat(parsed.toErrorResponse().getState()).isEqualTo(new State("s-1"));
        }
    }

    @Test
    void theRequestedClaimsComeAgainInTheIdTokenOfARefresh_oidcCore_12_2() throws Exception {
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest().add("email"));
        OidcFixtures.Tokens tokens = tokens(request("openid email", claims, null), user(MFA));

        OidcFixtures.Tokens refreshed = OidcFixtures.tokens(f.refresh(WEB, tokens.refresh()));
        IDTokenClaimsSet idToken = f.validateIdToken(refreshed.idToken(), WEB, null);

        assertThat(idToken.getStringClaim("email")).isEqualTo("alice@example.org");
        assertThat(idToken.getACR()).isEqualTo(new ACR(MFA));
    }

    @Test
    void userinfoStillReleasesWhatTheScopesReachWithAUserinfoClaimsRequest_oidcCore_5_5() throws Exception {
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withUserInfoClaimsRequest(new ClaimsSetRequest()
                .add("email").add("phone_number"));
        OidcFixtures.Tokens tokens = tokens(request("openid email", claims, null), user(null));

        EndpointResponse r = f.server.userinfo(EndpointRequest.of(Map.of(), "Bearer " + tokens.access()));

        assertThat(json(r)).containsEntry("email", "alice@example.org").doesNotContainKey("phone_number");
    }

    @Test
    void aSubValueOfTheLoggedInUserGetsACode_oidcCore_5_5_1() throws Exception {
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest()
                .add(new ClaimsSetRequest.Entry("sub").withValue(SUBJECT)));

        assertThat(login(request("openid", claims, null), user(null)).getSubject().getValue()).isEqualTo(SUBJECT);
    }

    @Test
    void aSubValueOfAnotherUserIsLoginRequiredNeverACode_oidcCore_5_5_1() throws Exception {
        // §5.5.1: "MUST only send a positive response if the End-User identified by that sub value
        // has an active session"
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest()
                .add(new ClaimsSetRequest.Entry("sub").withValue("bob-0002")));

        AuthorizeResult result = authorize(request("openid", claims, null), user(null));

        AuthorizationResponse parsed = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location());
        assertThat(parsed.toErrorResponse().getErrorObject().getCode()).isEqualTo("login_required");
        assertThat(parsed.toErrorResponse().getState()).isEqualTo(new State("s-1"));
    }

    // ------------------------------------------------------------------ acr, §2, §3.1.2.1, §5.5.1.1

    @Test
    void theIdTokenCarriesTheAcrTheHostReported_oidcCore_2() throws Exception {
        IDTokenClaimsSet idToken = login(request("openid", null, null), user(MFA));

        assertThat(idToken.getACR()).isEqualTo(new ACR(MFA));
    }

    @Test
    void withoutAnAcrFromTheHostTheIdTokenHasNone() throws Exception {
        assertThat(login(request("openid", null, null), user(null)).getACR()).isNull();
    }

    @Test
    void acrValuesTheLoginMetNeedNoStepUp_oidcCore_3_1_2_1() throws Exception {
        Map<String, List<String>> query = request("openid", null, List.of(MFA, PASSWORD));

        assertThat(login(query, user(PASSWORD)).getACR()).isEqualTo(new ACR(PASSWORD));
    }

    @Test
    void acrValuesTheLoginDidNotMeetAskForAStepUp_oidcCore_3_1_2_1() throws Exception {
        Map<String, List<String>> query = request("openid", null, List.of(MFA));

        AuthorizeResult result = authorize(query, user(PASSWORD));

        assertThat(result).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class, login -> {
            assertThat(login.reauthenticate()).isTrue();
            assertThat(login.acrValues()).containsExactly(MFA);
        });
        // the host's step-up login met MFA: back with the return parameters, a code, and acr MFA
        Map<String, List<String>> back = ((AuthorizeResult.LoginRequired) result).returnParameters();
        assertThat(f.validateIdToken(exchange(authorize(back, user(MFA))).idToken(), WEB, "n-1").getACR())
                .isEqualTo(new ACR(MFA));
    }

    @Test
    void aVoluntaryAcrStillUnmetAfterTheStepUpGoesOnWithTheAcrReached_oidcCore_3_1_2_1() throws Exception {
        AuthorizeResult stepUp = authorize(request("openid", null, List.of(MFA)), user(PASSWORD));
        Map<String, List<String>> back = ((AuthorizeResult.LoginRequired) stepUp).returnParameters();

        AuthorizeResult result = authorize(back, user(PASSWORD)); // asked once, no loop

        assertThat(f.validateIdToken(exchange(result).idToken(), WEB, "n-1").getACR()).isEqualTo(new ACR(PASSWORD));
    }

    @Test
    void anEssentialAcrStillUnmetAfterTheStepUpIsAnErrorNeverACode_oidcCore_5_5_1_1() throws Exception {
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest()
                .add(new ClaimsSetRequest.Entry("acr").withClaimRequirement(ClaimRequirement.ESSENTIAL)
                        .withValues(List.of(MFA))));
        AuthorizeResult stepUp = authorize(request("openid", claims, null), user(PASSWORD));
        assertThat(stepUp).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class,
                login -> assertThat(login.acrValues()).containsExactly(MFA));

        AuthorizeResult result = authorize(((AuthorizeResult.LoginRequired) stepUp).returnParameters(), user(PASSWORD));

        AuthorizationResponse parsed = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location());
        assertThat(parsed.indicatesSuccess()).isFalse();
        assertThat(parsed.toErrorResponse().getErrorObject().getCode()).isEqualTo("unmet_authentication_requirements");
        assertThat(parsed.toErrorResponse().getState()).isEqualTo(new State("s-1"));
    }

    @Test
    void anEssentialAcrClaimsValuesWinOverAcrValues_oidcCore_5_5_1_1() throws Exception {
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest()
                .add(new ClaimsSetRequest.Entry("acr").withClaimRequirement(ClaimRequirement.ESSENTIAL)
                        .withValue(MFA)));

        IDTokenClaimsSet idToken = login(request("openid", claims, List.of(PASSWORD)), user(MFA));

        assertThat(idToken.getACR()).isEqualTo(new ACR(MFA));
    }

    @Test
    void withPromptNoneAnUnmetEssentialAcrIsLoginRequired_oidcCore_3_1_2_6() throws Exception {
        OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest()
                .add(new ClaimsSetRequest.Entry("acr").withClaimRequirement(ClaimRequirement.ESSENTIAL)
                        .withValues(List.of(MFA))));
        Map<String, List<String>> query = request("openid", claims, null);
        query.put("prompt", List.of("none"));

        AuthorizeResult result = authorize(query, user(PASSWORD));

        AuthorizationResponse parsed = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location());
        assertThat(parsed.toErrorResponse().getErrorObject().getCode()).isEqualTo("login_required");
    }

    @Test
    void withPromptNoneAnUnmetVoluntaryAcrGoesOn_oidcCore_3_1_2_1() throws Exception {
        Map<String, List<String>> query = request("openid", null, List.of(MFA));
        query.put("prompt", List.of("none"));

        assertThat(login(query, user(PASSWORD)).getACR()).isEqualTo(new ACR(PASSWORD));
    }

    @Test
    void withoutAUserTheLoginHandOffNamesTheAcrValues_oidcCore_3_1_2_1() {
        AuthorizeResult result = authorize(request("openid", null, List.of(MFA, PASSWORD)), null);

        assertThat(result).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class, login -> {
            assertThat(login.reauthenticate()).isFalse();
            assertThat(login.acrValues()).containsExactly(MFA, PASSWORD);
        });
    }

    @Test
    void aRequestWithoutAcrValuesHandsOffAsBefore() {
        AuthorizeResult result = authorize(request("openid", null, null), null);

        assertThat(result).isInstanceOfSatisfying(AuthorizeResult.LoginRequired.class, login -> {
            assertThat(login.acrValues()).isEmpty();
            assertThat(login.returnParameters()).doesNotContainKey(AuthorizeEndpoint.ACR_ASKED);
        });
    }

    @Test
    void anAcrTheHostReportsIsOneTokenOfVisibleAscii() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> user("two words"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> user(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ metadata

    @Test
    void discoverySaysClaimsParameterSupportedAndTheAcrValues_oidcDiscovery_3() throws Exception {
        OIDCProviderMetadata m = OIDCProviderMetadata.parse(f.server.openIdConfiguration());

        assertThat(m.supportsClaimsParam()).isTrue();
        assertThat(m.getACRs()).containsExactly(new ACR(PASSWORD), new ACR(MFA));
        assertThat(m.getClaims()).contains("acr");
    }

    @Test
    void withoutConfiguredAcrValuesDiscoveryNamesNone_oidcDiscovery_3() throws Exception {
        OIDCProviderMetadata m = OIDCProviderMetadata.parse(OidcFixtures.create().server.openIdConfiguration());

        assertThat(m.getACRs()).isNull();
    }

    // ------------------------------------------------------------------ helpers

    private AuthenticatedUser user(String acr) {
        AuthenticatedUser user = new AuthenticatedUser(SUBJECT, f.authTime);
        return acr == null ? user : user.withAcr(acr);
    }

    /** The authentication request as Nimbus writes it. */
    private static Map<String, List<String>> request(String scope, OIDCClaimsRequest claims, List<String> acrValues) {
        AuthenticationRequest.Builder builder = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope),
                new ClientID(WEB), URI.create(WEB_CB)).state(new State("s-1")).nonce(new Nonce("n-1"));
        if (claims != null) {
            builder.claims(claims);
        }
        if (acrValues != null) {
            builder.acrValues(acrValues.stream().map(ACR::new).toList());
        }
        return new LinkedHashMap<>(builder.build().toParameters());
    }

    private AuthorizeResult authorize(Map<String, List<String>> query, AuthenticatedUser user) {
        return authorize(f, query, user);
    }

    private static AuthorizeResult authorize(OidcFixtures on, Map<String, List<String>> query, AuthenticatedUser user) {
        return on.server.authorize(AuthorizeRequest.of(query, user).withConsent(ConsentDecision.APPROVED));
    }

    private OidcFixtures.Tokens exchange(AuthorizeResult result) {
        return exchange(f, result);
    }

    private static OidcFixtures.Tokens exchange(OidcFixtures on, AuthorizeResult result) {
        return OidcFixtures.tokens(on.exchange(new OidcFixtures.Code(OidcFixtures.codeFrom(result), null, WEB)));
    }

    private OidcFixtures.Tokens tokens(Map<String, List<String>> query, AuthenticatedUser user) {
        return exchange(authorize(query, user));
    }

    private IDTokenClaimsSet login(Map<String, List<String>> query, AuthenticatedUser user) throws Exception {
        return login(f, query, user);
    }

    private static IDTokenClaimsSet login(OidcFixtures on, Map<String, List<String>> query, AuthenticatedUser user)
            throws Exception {
        return on.validateIdToken(exchange(on, authorize(on, query, user)).idToken(), WEB, "n-1");
    }
}
