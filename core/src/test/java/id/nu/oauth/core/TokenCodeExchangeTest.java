package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.LEGACY_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.OTHER;
import static id.nu.oauth.core.TokenFixtures.OTHER_SECRET;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.assertNotEchoed;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redeeming an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.5-4.6, RFC 9700 §4.8.2). */
class TokenCodeExchangeTest {

    private final TokenFixtures f = TokenFixtures.create(b -> b
            .client(Client.legacyPublicClient("single-uri").redirectUri("https://single.example.or.id/cb")
                    .scopes("profile").build()));

    private Map<String, String> legacyForm(String code) {
        return form("grant_type", "authorization_code", "code", code, "redirect_uri", LEGACY_REDIRECT,
                "client_id", LEGACY);
    }

    private Map<String, String> mobileForm(TokenFixtures.PkceCode c) {
        return form("grant_type", "authorization_code", "code", c.code(), "redirect_uri", MOBILE_REDIRECT,
                "client_id", MOBILE, "code_verifier", c.verifier());
    }

    @Test
    void pkcePublicClientRedeemsCodeAndGetsRotatingRefreshToken() { // RFC 7636 §4.5, §4.6
        TokenFixtures.PkceCode c = f.mobileCode();
        EndpointRequest req = TokenFixtures.request(new TokenRequest(TokenFixtures.TOKEN_URI, new ClientID(MOBILE),
                new AuthorizationCodeGrant(new AuthorizationCode(c.code()), URI.create(MOBILE_REDIRECT),
                        new CodeVerifier(c.verifier()))));
        EndpointResponse r = f.server.token(req);
        var ok = TokenFixtures.nimbusSuccess(r);
        assertThat(ok.getTokens().getRefreshToken()).isNotNull();
        assertThat(ok.getTokens().getBearerAccessToken().getScope().toStringList()).containsExactly("profile");
        assertThat(TokenFixtures.active(f.server, ok.getTokens().getAccessToken().getValue())).isTrue();
    }

    @Test
    void missingCodeIsInvalidRequest() { // RFC 6749 §5.2
        assertError(f.token(form("grant_type", "authorization_code", "redirect_uri", LEGACY_REDIRECT,
                "client_id", LEGACY)), 400, "invalid_request");
    }

    @Test
    void unknownCodeIsInvalidGrant() { // RFC 6749 §5.2
        EndpointResponse r = f.token(legacyForm("never-issued-code"));
        assertError(r, 400, "invalid_grant");
        assertNotEchoed(r, "never-issued-code");
    }

    @Test
    void expiredCodeIsInvalidGrant() { // RFC 6749 §4.1.2: codes are short-lived (60 s here)
        String code = f.legacyCode();
        f.clock.advance(Duration.ofSeconds(61));
        assertError(f.token(legacyForm(code)), 400, "invalid_grant");
    }

    @Test
    void codeJustBeforeItsExpiryStillWorks() { // RFC 6749 §4.1.2: 60 s is the lifetime, not less
        String code = f.legacyCode();
        f.clock.advance(Duration.ofSeconds(59));
        assertThat(f.token(legacyForm(code)).status()).isEqualTo(200);
    }

    @Test
    void codeAtExactlyItsExpiryIsInvalidGrant() { // boundary: expiresAt itself is too late
        String code = f.legacyCode();
        f.clock.advance(Duration.ofSeconds(60));
        assertError(f.token(legacyForm(code)), 400, "invalid_grant");
    }

    @Test
    void codeIssuedToAnotherClientIsInvalidGrant() { // RFC 6749 §4.1.3: bound to the client
        String code = f.portalCode();
        EndpointResponse r = f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", PORTAL_REDIRECT), basic(OTHER, OTHER_SECRET));
        assertError(r, 400, "invalid_grant");
        assertNotEchoed(r, code, OTHER_SECRET);
        String legacyCode = f.legacyCode();
        assertError(f.token(form("grant_type", "authorization_code", "code", legacyCode,
                "redirect_uri", LEGACY_REDIRECT, "client_id", "single-uri")), 400, "invalid_grant");
    }

    @Test
    void redirectUriMismatchIsInvalidGrant() { // RFC 6749 §4.1.3: identical to the authorize request's
        String code = f.portalCode();
        assertError(f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", PORTAL_REDIRECT + "/second"), basic(PORTAL, PORTAL_SECRET)), 400, "invalid_grant");
        String code2 = f.legacyCode();
        assertError(f.token(form("grant_type", "authorization_code", "code", code2,
                "redirect_uri", LEGACY_REDIRECT + "?x=1", "client_id", LEGACY)), 400, "invalid_grant");
        String code3 = f.legacyCode();
        assertError(f.token(form("grant_type", "authorization_code", "code", code3,
                "redirect_uri", "HTTPS://legacy.example.or.id/cb", "client_id", LEGACY)), 400, "invalid_grant");
    }

    @Test
    void redirectUriMissingWhenAuthorizeRequestHadOneIsInvalidGrant() { // RFC 6749 §4.1.3
        String code = f.legacyCode();
        assertError(f.token(form("grant_type", "authorization_code", "code", code, "client_id", LEGACY)),
                400, "invalid_grant");
    }

    @Test
    void redirectUriOmittedInBothRequestsIsAccepted() { // RFC 6749 §4.1.3: required only "if included"
        String code = f.authorize(form("response_type", "code", "client_id", "single-uri"));
        EndpointResponse r = f.token(form("grant_type", "authorization_code", "code", code,
                "client_id", "single-uri"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void redirectUriOnlyInTokenRequestMustStillBeTheOneUsed() { // RFC 6749 §4.1.3, defensive
        String code = f.authorize(form("response_type", "code", "client_id", "single-uri"));
        assertError(f.token(form("grant_type", "authorization_code", "code", code, "client_id", "single-uri",
                "redirect_uri", "https://single.example.or.id/other")), 400, "invalid_grant");
        String code2 = f.authorize(form("response_type", "code", "client_id", "single-uri"));
        assertThat(f.token(form("grant_type", "authorization_code", "code", code2, "client_id", "single-uri",
                "redirect_uri", "https://single.example.or.id/cb")).status()).isEqualTo(200);
    }

    @Test
    void wrongVerifierIsInvalidGrant() { // RFC 7636 §4.6
        TokenFixtures.PkceCode c = f.mobileCode();
        String other = new CodeVerifier().getValue();
        EndpointResponse r = f.token(mobileForm(new TokenFixtures.PkceCode(c.code(), other)));
        assertError(r, 400, "invalid_grant");
        assertNotEchoed(r, other, c.code());
    }

    @Test
    void missingVerifierIsInvalidGrant() { // RFC 7636 §4.6: a challenged code needs its verifier
        TokenFixtures.PkceCode c = f.mobileCode();
        Map<String, String> form = mobileForm(c);
        form.remove("code_verifier");
        assertError(f.token(form), 400, "invalid_grant");
    }

    @Test
    void verifierWithoutChallengeIsRefused() { // RFC 9700 §4.8.2: PKCE downgrade attack
        String code = f.legacyCode();
        Map<String, String> form = legacyForm(code);
        form.put("code_verifier", new CodeVerifier().getValue());
        assertError(f.token(form), 400, "invalid_grant");
    }

    @Test
    void malformedVerifierIsInvalidRequest() { // RFC 7636 §4.1: 43-128 unreserved characters
        TokenFixtures.PkceCode c = f.mobileCode();
        for (String bad : new String[] {"short", "a".repeat(129), "a".repeat(42) + "!", "a".repeat(42) + " "}) {
            EndpointResponse r = f.token(mobileForm(new TokenFixtures.PkceCode(c.code(), bad)));
            assertError(r, 400, "invalid_request");
        }
    }

    @Test
    void failedExchangeSpendsTheCode() { // RFC 6749 §4.1.2: a code is used once, successfully or not
        TokenFixtures.PkceCode c = f.mobileCode();
        assertError(f.token(mobileForm(new TokenFixtures.PkceCode(c.code(), new CodeVerifier().getValue()))),
                400, "invalid_grant");
        assertError(f.token(mobileForm(c)), 400, "invalid_grant");
    }

    @Test
    void accessTokenCarriesTheCodesSubjectClientScopesAndLifetime() { // RFC 6749 §5.1
        String code = f.authorize(form("response_type", "code", "client_id", LEGACY, "redirect_uri",
                LEGACY_REDIRECT, "scope", "profile email"));
        TokenFixtures.Tokens t = TokenFixtures.tokens(f.token(legacyForm(code)));
        AccessTokenValidation.Active a = (AccessTokenValidation.Active) f.server.validateAccessToken(t.access());
        assertThat(a.subject()).isEqualTo(TokenFixtures.SUBJECT);
        assertThat(a.clientId()).isEqualTo(LEGACY);
        assertThat(a.scopes()).containsExactlyInAnyOrder("profile", "email");
        assertThat(a.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(15)));
    }
}
