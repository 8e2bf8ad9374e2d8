package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.LEGACY_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.OTHER_SECRET;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.assertNotEchoed;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Client authentication at the token endpoint (RFC 6749 §2.3, §3.2.1, §5.2): confidential clients
 * must authenticate, one method at a time; failures are invalid_client, always 401 with a Basic
 * challenge (RFC 6749 §5.2 allows 401 for every method and requires it for Basic). A failed authentication never consumes the code.
 */
class ClientAuthenticationTest {

    private final TokenFixtures f = TokenFixtures.create();

    private Map<String, String> portalCodeForm(String code) {
        return form("grant_type", "authorization_code", "code", code, "redirect_uri", PORTAL_REDIRECT);
    }

    /** After a refused attempt the code must still work for the real client. */
    private void assertCodeStillRedeemable(String code) {
        EndpointResponse r = f.token(portalCodeForm(code), basic(PORTAL, PORTAL_SECRET));
        assertThat(r.status()).as("the code survives a failed client authentication: " + r.body()).isEqualTo(200);
    }

    @Test
    void confidentialClientWithoutSecretIsInvalidClient() { // RFC 6749 §3.2.1
        String code = f.portalCode();
        Map<String, String> form = portalCodeForm(code);
        form.put("client_id", PORTAL);
        EndpointResponse r = f.token(form);
        assertError(r, 401, "invalid_client");
        // RFC 7235 §3.1: a 401 always carries a challenge
        assertThat(r.headers().get("WWW-Authenticate")).isEqualTo("Basic realm=\"https://nu.id/api\", charset=\"UTF-8\"");
        assertCodeStillRedeemable(code);
    }

    @Test
    void wrongSecretInBasicIs401WithChallenge() { // RFC 6749 §5.2: 401 and WWW-Authenticate for Basic
        String code = f.portalCode();
        String wrong = PORTAL_SECRET + "x";
        EndpointResponse r = f.token(portalCodeForm(code), basic(PORTAL, wrong));
        assertError(r, 401, "invalid_client");
        assertThat(r.headers().get("WWW-Authenticate")).startsWith("Basic realm=");
        assertNotEchoed(r, wrong, code);
        assertCodeStillRedeemable(code);
    }

    @Test
    void wrongSecretInPostIs401WithChallenge() { // RFC 6749 §5.2
        String code = f.portalCode();
        Map<String, String> form = portalCodeForm(code);
        form.put("client_id", PORTAL);
        form.put("client_secret", OTHER_SECRET);
        EndpointResponse r = f.token(form);
        assertError(r, 401, "invalid_client");
        // RFC 7235 §3.1: a 401 always carries a challenge
        assertThat(r.headers().get("WWW-Authenticate")).isEqualTo("Basic realm=\"https://nu.id/api\", charset=\"UTF-8\"");
        assertNotEchoed(r, OTHER_SECRET, code);
        assertCodeStillRedeemable(code);
    }

    @Test
    void secretWithoutFormUrlEncodingInBasicIsRefused() { // RFC 6749 §2.3.1: '+' decodes to a space
        String raw = PORTAL + ":" + PORTAL_SECRET;
        String header = "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        assertError(f.token(portalCodeForm(f.portalCode()), header), 401, "invalid_client");
    }

    @Test
    void unknownClientIsInvalidClient() { // RFC 6749 §5.2
        String code = f.portalCode();
        Map<String, String> post = portalCodeForm(code);
        post.put("client_id", "nobody");
        post.put("client_secret", PORTAL_SECRET);
        assertError(f.token(post), 401, "invalid_client");
        assertError(f.token(portalCodeForm(code), basic("nobody", PORTAL_SECRET)), 401, "invalid_client");
        Map<String, String> publicStyle = portalCodeForm(code);
        publicStyle.put("client_id", "nobody");
        assertError(f.token(publicStyle), 401, "invalid_client");
        assertCodeStillRedeemable(code);
    }

    @Test
    void basicTogetherWithClientSecretIsInvalidRequest() { // RFC 6749 §2.3: one method per request
        String code = f.portalCode();
        Map<String, String> form = portalCodeForm(code);
        form.put("client_secret", PORTAL_SECRET);
        EndpointResponse r = f.token(form, basic(PORTAL, PORTAL_SECRET));
        assertError(r, 400, "invalid_request");
        assertNotEchoed(r, PORTAL_SECRET, code);
        assertCodeStillRedeemable(code);
    }

    @Test
    void basicIdDifferentFromBodyClientIdIsInvalidRequest() { // RFC 6749 §2.3
        String code = f.portalCode();
        Map<String, String> form = portalCodeForm(code);
        form.put("client_id", TokenFixtures.OTHER);
        assertError(f.token(form, basic(PORTAL, PORTAL_SECRET)), 400, "invalid_request");
        assertCodeStillRedeemable(code);
    }

    @Test
    void basicIdEqualToBodyClientIdIsAccepted() { // RFC 6749 §3.2.1 allows client_id alongside
        Map<String, String> form = portalCodeForm(f.portalCode());
        form.put("client_id", PORTAL);
        assertThat(f.token(form, basic(PORTAL, PORTAL_SECRET)).status()).isEqualTo(200);
    }

    @Test
    void publicClientSendingSecretIsInvalidClient() { // RFC 6749 §2.1: public clients have no secret
        String code = f.legacyCode();
        Map<String, String> form = form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY, "client_secret", PORTAL_SECRET);
        EndpointResponse post = f.token(form);
        assertError(post, 401, "invalid_client");
        assertNotEchoed(post, PORTAL_SECRET, code);
        EndpointResponse viaBasic = f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT), basic(LEGACY, PORTAL_SECRET));
        assertError(viaBasic, 401, "invalid_client");
        // The code was not spent by the impostor.
        EndpointResponse ok = f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void malformedBasicHeadersAreInvalidClient() { // RFC 7617 §2, RFC 6749 §5.2
        String code = f.portalCode();
        String noColon = "Basic " + Base64.getEncoder().encodeToString("portal".getBytes(StandardCharsets.UTF_8));
        String badPercent = "Basic " + Base64.getEncoder().encodeToString(
                (PORTAL + ":%zz").getBytes(StandardCharsets.UTF_8));
        String emptyId = "Basic " + Base64.getEncoder().encodeToString(
                (":" + PORTAL_SECRET).getBytes(StandardCharsets.UTF_8));
        for (String header : new String[] {"Basic !!!not-base64!!!", "Basic", "Basic ", noColon, badPercent,
                emptyId, "Basic " + "A".repeat(100_000)}) {
            EndpointResponse r = f.token(portalCodeForm(code), header);
            assertThat(r.status()).as(header.length() > 60 ? "huge header" : header).isEqualTo(401);
            assertError(r, 401, "invalid_client");
            assertThat(r.headers()).containsKey("WWW-Authenticate");
        }
        assertCodeStillRedeemable(code);
    }

    @Test
    void nonBasicAuthorizationSchemeIsInvalidClient() { // RFC 6749 §2.3.1: Basic is the HTTP scheme supported
        String code = f.portalCode();
        EndpointResponse bearer = f.token(portalCodeForm(code), "Bearer some-access-token");
        assertError(bearer, 401, "invalid_client");
        assertNotEchoed(bearer, "some-access-token");
        assertError(f.token(portalCodeForm(code), "Digest username=\"portal\""), 401, "invalid_client");
        assertCodeStillRedeemable(code);
    }

    @Test
    void basicSchemeNameIsCaseInsensitive() { // RFC 7235 §2.1
        String header = basic(PORTAL, PORTAL_SECRET).replace("Basic ", "bAsIc ");
        assertThat(f.token(portalCodeForm(f.portalCode()), header).status()).isEqualTo(200);
    }

    @Test
    void noClientAtAllIsInvalidClient() { // RFC 6749 §3.2.1: the client must identify itself
        String code = f.legacyCode();
        EndpointResponse r = f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT));
        assertError(r, 401, "invalid_client");
        assertNotEchoed(r, code);
        assertThat(f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY)).status()).isEqualTo(200);
    }

    @Test
    void secretWithoutClientIdIsInvalidClient() { // RFC 6749 §2.3.1: client_secret goes with client_id
        assertError(f.token(form("grant_type", "authorization_code", "code", f.portalCode(),
                "redirect_uri", PORTAL_REDIRECT, "client_secret", PORTAL_SECRET)), 401, "invalid_client");
    }

    @Test
    void clientAuthenticationComesBeforeGrantTypeChecks() { // RFC 6749 §5.2: who asks is settled first
        assertError(f.token(form("grant_type", "no_such_grant"), basic(PORTAL, "x".repeat(40))),
                401, "invalid_client");
        assertError(f.token(form("client_id", PORTAL)), 401, "invalid_client");
    }

    @Test
    void sameRulesOnTheRefreshEndpoint() { // nuid-api.md: same semantics, same errors
        TokenFixtures.Tokens t = f.portalTokens();
        Map<String, String> form = form("grant_type", "refresh_token", "refresh_token", t.refresh());
        assertError(f.server.refreshAccessToken(EndpointRequest.of(form, basic(PORTAL, OTHER_SECRET))),
                401, "invalid_client");
        Map<String, String> noSecret = form("grant_type", "refresh_token", "refresh_token", t.refresh(),
                "client_id", PORTAL);
        assertError(f.refreshAccessToken(noSecret), 401, "invalid_client");
        assertError(f.refreshAccessToken(form("grant_type", "refresh_token", "refresh_token", t.refresh())),
                401, "invalid_client");
        assertThat(f.server.refreshAccessToken(EndpointRequest.of(form, basic(PORTAL, PORTAL_SECRET))).status())
                .isEqualTo(200);
    }
}
