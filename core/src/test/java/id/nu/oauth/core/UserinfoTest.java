package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.JWT_CLIENT;
import static id.nu.oauth.core.OidcFixtures.SUBJECT;
import static id.nu.oauth.core.OidcFixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The UserInfo endpoint (OpenID Connect Core 1.0 §5.3) with RFC 6750 bearer tokens. */
class UserinfoTest {

    private static final Map<String, Object> ALICE = Map.ofEntries(
            Map.entry("sub", "must-be-ignored"),
            Map.entry("name", "Alice Rahma"),
            Map.entry("given_name", "Alice"),
            Map.entry("family_name", "Rahma"),
            Map.entry("locale", "id-ID"),
            Map.entry("email", "alice@example.org"),
            Map.entry("email_verified", true),
            Map.entry("phone_number", "+62 21 555 0100"),
            Map.entry("phone_number_verified", false),
            Map.entry("address", Map.of("locality", "Jakarta", "country", "ID")),
            Map.entry("member_number", "NU-123"),
            Map.entry("password_hash", "never"));

    private final AtomicReference<String> askedFor = new AtomicReference<>();
    private final OidcFixtures f = OidcFixtures.create(b -> b.claimsSource(subject -> {
        askedFor.set(subject);
        return ALICE;
    }));

    private EndpointResponse bearer(String token) {
        return f.server.userinfo(new EndpointRequest(Map.of(), "Bearer " + token));
    }

    private Map<String, Object> claimsFor(String scope) {
        EndpointResponse r = bearer(f.login(WEB, scope, null).access());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return OidcFixtures.json(r);
    }

    @Test
    void openidAloneReleasesOnlySub_oidcCore_5_3_2() {
        assertThat(claimsFor("openid")).containsExactly(Map.entry("sub", SUBJECT));
        assertThat(askedFor.get()).isEqualTo(SUBJECT);
    }

    @Test
    void profileReleasesTheProfileClaimsOnly_oidcCore_5_4() {
        assertThat(claimsFor("openid profile")).containsOnlyKeys("sub", "name", "given_name", "family_name", "locale")
                .containsEntry("sub", SUBJECT).containsEntry("name", "Alice Rahma");
    }

    @Test
    void emailReleasesEmailAndEmailVerified_oidcCore_5_4() {
        assertThat(claimsFor("openid email")).containsOnlyKeys("sub", "email", "email_verified")
                .containsEntry("email_verified", true);
    }

    @Test
    void phoneAndAddressReleaseTheirClaims_oidcCore_5_4() {
        assertThat(claimsFor("openid phone")).containsOnlyKeys("sub", "phone_number", "phone_number_verified");
        Map<String, Object> address = claimsFor("openid address");
        assertThat(address).containsOnlyKeys("sub", "address");
        assertThat(address.get("address")).isEqualTo(Map.of("locality", "Jakarta", "country", "ID"));
    }

    @Test
    void nimbusParsesTheResponseAndSeesOurSub_oidcCore_5_3_2() throws Exception {
        UserInfoResponse parsed = UserInfoResponse.parse(OidcFixtures.http(
                bearer(f.login(WEB, "openid profile email", null).access())));

        UserInfo info = parsed.toSuccessResponse().getUserInfo();
        assertThat(info.getSubject().getValue()).isEqualTo(SUBJECT);
        assertThat(info.getEmailAddress()).isEqualTo("alice@example.org");
        assertThat(info.getName()).isEqualTo("Alice Rahma");
        assertThat(info.getPhoneNumber()).isNull();
    }

    @Test
    void claimsOfNoGrantedScopeAreNeverReleased() {
        assertThat(claimsFor("openid profile email phone address"))
                .doesNotContainKeys("member_number", "password_hash").containsEntry("sub", SUBJECT);
    }

    @Test
    void aHostScopeReleasesTheClaimsTheHostNamed() {
        OidcFixtures custom = OidcFixtures.create(b -> b.claimsSource(s -> ALICE)
                .scopeClaims("nu_member", "member_number"));
        String access = custom.login(WEB, "openid nu_member", null).access();

        assertThat(OidcFixtures.json(custom.server.userinfo(new EndpointRequest(Map.of(), "Bearer " + access))))
                .containsOnlyKeys("sub", "member_number");
    }

    @Test
    void theSubIsTheIdTokensSub_oidcCore_5_3_2() throws Exception {
        OidcFixtures.Tokens tokens = f.login(WEB, "openid", null);

        assertThat(OidcFixtures.json(bearer(tokens.access())).get("sub"))
                .isEqualTo(f.validateIdToken(tokens.idToken(), WEB, null).getSubject().getValue());
    }

    @Test
    void theTokenMayComeAsAFormParameterOfAPost_rfc6750_2_2() {
        String access = f.login(WEB, "openid email", null).access();

        EndpointResponse r = f.server.userinfo(EndpointRequest.of(Map.of("access_token", access)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(OidcFixtures.json(r)).containsKeys("sub", "email");
    }

    @Test
    void theSchemeIsCaseInsensitive_rfc7235_2_1() {
        String access = f.login(WEB, "openid", null).access();

        assertThat(f.server.userinfo(new EndpointRequest(Map.of(), "bearer " + access)).status()).isEqualTo(200);
        assertThat(f.server.userinfo(new EndpointRequest(Map.of(), "BEARER " + access)).status()).isEqualTo(200);
    }

    @Test
    void aJwtAccessTokenWorksToo() {
        String access = f.login(JWT_CLIENT, "openid email", null).access();

        assertThat(OidcFixtures.json(bearer(access))).containsOnlyKeys("sub", "email", "email_verified");
    }

    @Test
    void noTokenIs401WithABareChallenge_rfc6750_3_1() throws Exception {
        EndpointResponse r = f.server.userinfo(new EndpointRequest(Map.of(), null));

        assertThat(r.status()).isEqualTo(401);
        String challenge = r.headers().get("WWW-Authenticate");
        assertThat(challenge).startsWith("Bearer realm=\"https://nu.id/api\"").doesNotContain("error=");
        assertThat(BearerTokenError.parse(challenge).getCode()).isNull();
        // Another scheme is no bearer token either.
        EndpointResponse basic = f.server.userinfo(new EndpointRequest(Map.of(), OidcFixtures.basic(WEB, "x")));
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.headers().get("WWW-Authenticate")).doesNotContain("error=");
    }

    @Test
    void unknownExpiredOrRevokedTokensAre401InvalidToken_rfc6750_3_1() {
        assertInvalidToken(bearer("not-a-token-we-issued"));

        String expired = f.login(WEB, "openid", null).access();
        f.clock.advance(Duration.ofMinutes(15));
        assertInvalidToken(bearer(expired));

        String revoked = f.login(WEB, "openid", null).access();
        f.server.revoke(EndpointRequest.of(Map.of("token", revoked)));
        assertInvalidToken(bearer(revoked));

        String refresh = f.login(WEB, "openid", null).refresh();
        assertInvalidToken(bearer(refresh)); // a refresh token is no access token
        assertInvalidToken(bearer("x".repeat(5000)));
    }

    @Test
    void aTokenWithoutOpenidIs403InsufficientScope_rfc6750_3_1() throws Exception {
        EndpointResponse r = bearer(f.login(WEB, "profile", null).access());

        assertThat(r.status()).isEqualTo(403);
        BearerTokenError error = BearerTokenError.parse(r.headers().get("WWW-Authenticate"));
        assertThat(error.getCode()).isEqualTo("insufficient_scope");
        assertThat(error.getScope().toStringList()).containsExactly("openid");
        // A client acting for itself has no user to describe.
        assertThat(bearer(f.serviceToken()).status()).isEqualTo(403);
    }

    @Test
    void aTokenSentTwiceIs400InvalidRequest_rfc6750_2() throws Exception {
        String access = f.login(WEB, "openid", null).access();

        EndpointResponse both = f.server.userinfo(EndpointRequest.of(Map.of("access_token", access),
                "Bearer " + access));
        EndpointResponse twice = f.server.userinfo(new EndpointRequest(
                Map.of("access_token", List.of(access, access)), null));

        for (EndpointResponse r : List.of(both, twice)) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(BearerTokenError.parse(r.headers().get("WWW-Authenticate")).getCode())
                    .isEqualTo("invalid_request");
        }
    }

    @Test
    void aFailingClaimsSourceIsAServerErrorWithoutDetail() {
        OidcFixtures broken = OidcFixtures.create(b -> b.claimsSource(s -> {
            throw new IllegalStateException("directory down for alice-0001");
        }));
        String access = broken.login(WEB, "openid profile", null).access();

        EndpointResponse r = broken.server.userinfo(new EndpointRequest(Map.of(), "Bearer " + access));

        assertThat(r.status()).isEqualTo(500);
        assertThat(OidcFixtures.json(r)).containsEntry("error", "server_error");
        assertThat(r.body()).doesNotContain("alice").doesNotContain("directory");
    }

    @Test
    void withoutAClaimsSourceOnlySubIsReleased() {
        OidcFixtures plain = OidcFixtures.create();
        String access = plain.login(WEB, "openid profile email", null).access();

        assertThat(OidcFixtures.json(plain.server.userinfo(new EndpointRequest(Map.of(), "Bearer " + access))))
                .containsExactly(Map.entry("sub", SUBJECT));
    }

    private void assertInvalidToken(EndpointResponse r) {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        try {
            assertThat(BearerTokenError.parse(r.headers().get("WWW-Authenticate")).getCode())
                    .isEqualTo("invalid_token");
            UserInfoErrorResponse parsed = UserInfoResponse.parse(OidcFixtures.http(r)).toErrorResponse();
            assertThat(parsed.getErrorObject().getCode()).isEqualTo("invalid_token");
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
