package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.LEGACY_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.assertNotEchoed;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Hostile or broken input at the three POST endpoints: duplicated parameters (RFC 6749 §3.2),
 * oversized values, too many parameters, odd characters. Always 400 invalid_request (or the
 * grant's own error), never 5xx, never an exception, and never an echo of what was sent.
 */
class TokenRequestInputTest {

    private final TokenFixtures f = TokenFixtures.create();

    private static Map<String, List<String>> multi(Map<String, String> single) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        single.forEach((k, v) -> m.put(k, List.of(v)));
        return m;
    }

    /** Every endpoint, the same hostile request. */
    private void assertAllEndpointsRefuse(EndpointRequest request, String error, String... secrets) {
        for (Function<EndpointRequest, EndpointResponse> endpoint : List.<Function<EndpointRequest, EndpointResponse>>of(
                f.server::token, f.server::refreshAccessToken, f.server::revoke)) {
            EndpointResponse r = endpoint.apply(request);
            assertError(r, 400, error);
            assertNotEchoed(r, secrets);
        }
    }

    @Test
    void duplicatedCodeIsInvalidRequestAndDoesNotSpendTheCode() { // RFC 6749 §3.2: no repeated parameters
        String code = f.legacyCode();
        Map<String, List<String>> params = multi(form("grant_type", "authorization_code",
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY));
        params.put("code", List.of(code, code));
        EndpointResponse r = f.server.token(new EndpointRequest(params, null));
        assertError(r, 400, "invalid_request");
        assertNotEchoed(r, code);
        assertThat(f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY)).status()).isEqualTo(200);
    }

    @Test
    void anyDuplicatedParameterIsInvalidRequestOnEveryEndpoint() { // RFC 6749 §3.2, RFC 7009 §2.1
        for (String name : new String[] {"grant_type", "client_id", "client_secret", "refresh_token", "token",
                "scope", "redirect_uri", "code_verifier", "token_type_hint", "unknown_extension"}) {
            Map<String, List<String>> params = multi(form("grant_type", "refresh_token",
                    "refresh_token", "some-refresh-token", "token", "some-token", "client_id", PORTAL,
                    "client_secret", PORTAL_SECRET));
            params.put(name, List.of("a-value", "another-value"));
            assertAllEndpointsRefuse(new EndpointRequest(params, null), "invalid_request",
                    PORTAL_SECRET, "some-refresh-token", "some-token");
        }
    }

    @Test
    void duplicatedParameterIsRefusedBeforeClientAuthentication() { // nothing is decided on an ambiguous request
        Map<String, List<String>> params = multi(form("grant_type", "authorization_code", "code", "c"));
        params.put("redirect_uri", List.of(PORTAL_REDIRECT, PORTAL_REDIRECT + "/second"));
        assertAllEndpointsRefuse(new EndpointRequest(params, basic(PORTAL, PORTAL_SECRET)), "invalid_request");
    }

    @Test
    void oversizedValueIsInvalidRequest() { // parameter size cap (design.md security checklist)
        String huge = "A".repeat(2049);
        for (String name : new String[] {"code", "refresh_token", "token", "client_id", "client_secret", "scope",
                "grant_type", "x"}) {
            Map<String, String> form = form("grant_type", "authorization_code", "client_id", LEGACY);
            form.put(name, huge);
            assertAllEndpointsRefuse(EndpointRequest.of(form), "invalid_request", huge);
        }
        assertAllEndpointsRefuse(EndpointRequest.of(form("token", "t", "grant_type", "refresh_token",
                "refresh_token", "r", "client_id", LEGACY, "x".repeat(5000), "v")), "invalid_request");
        for (Function<EndpointRequest, EndpointResponse> endpoint : List.<Function<EndpointRequest, EndpointResponse>>of(
                f.server::token, f.server::refreshAccessToken, f.server::revoke)) {
            // RFC 9110 §15.5.14: a body over the engine's cap is 413 and the connection closes
            EndpointResponse r = endpoint.apply(EndpointRequest.of(form("token", "B".repeat(1_000_000),
                    "client_id", LEGACY)));
            assertError(r, 413, "invalid_request");
            assertThat(r.headers()).containsEntry("Connection", "close");
        }
    }

    @Test
    void valueAtTheCapIsStillReadNormally() { // the cap is 2048 characters, not less
        EndpointResponse r = f.token(form("grant_type", "refresh_token", "refresh_token", "R".repeat(2048),
                "client_id", LEGACY));
        assertError(r, 400, "invalid_grant");
    }

    @Test
    void tooManyParametersIsInvalidRequest() { // parameter count cap
        Map<String, String> form = form("grant_type", "authorization_code", "code", "c", "client_id", LEGACY,
                "token", "t");
        for (int i = 0; form.size() <= Params.MAX_PARAMETERS; i++) {
            form.put("extra" + i, "v");
        }
        assertAllEndpointsRefuse(EndpointRequest.of(form), "invalid_request");
    }

    @Test
    void unknownExtraParametersAreIgnored() { // RFC 6749 §3.2: unrecognized parameters are ignored
        String code = f.legacyCode();
        EndpointResponse r = f.token(form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY, "foo", "bar", "audience", "x"));
        // ("resource" is no longer unknown: RFC 8707, see ResourceIndicatorsTest)
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void oddCharactersNeverCauseAFault() { // never 5xx, never an exception
        String[] odd = {"\u0000", "caf\u00e9", "\ud83d\ude00", "\ud800", "line\nbreak", "%00", "' OR 1=1 --",
                "<script>", "a b", "\u202e"};
        for (String value : odd) {
            for (String name : new String[] {"code", "refresh_token", "token", "client_id", "client_secret",
                    "redirect_uri", "code_verifier", "scope", "grant_type"}) {
                Map<String, String> base = form("grant_type", "authorization_code", "code", "c",
                        "refresh_token", "r", "token", "t", "client_id", LEGACY);
                base.put(name, value);
                for (Function<EndpointRequest, EndpointResponse> endpoint
                        : List.<Function<EndpointRequest, EndpointResponse>>of(
                        f.server::token, f.server::refreshAccessToken, f.server::revoke)) {
                    EndpointResponse r = endpoint.apply(EndpointRequest.of(base));
                    assertThat(r.status()).as(name + "=" + value.codePoints().boxed().toList()).isIn(200, 400, 401);
                    if (r.status() != 200) {
                        assertThat(TokenFixtures.json(r)).containsKey("error");
                    }
                }
                EndpointResponse basic = f.server.token(EndpointRequest.of(form("grant_type", "client_credentials"),
                        basic(value, value)));
                assertThat(basic.status()).isIn(400, 401);
            }
        }
    }

    @Test
    void emptyRequestIsAClientErrorEverywhere() { // RFC 6749 §5.2
        assertError(f.server.token(EndpointRequest.of(Map.of())), 401, "invalid_client");
        assertError(f.server.refreshAccessToken(EndpointRequest.of(Map.of())), 401, "invalid_client");
        assertError(f.server.revoke(EndpointRequest.of(Map.of())), 400, "invalid_request");
        assertError(f.server.token(new EndpointRequest(Map.of("code", List.of()), "  ")), 401, "invalid_client");
    }

    @Test
    void errorBodiesNeverEchoCredentialsCodesOrTokens() { // design.md: secrets never echoed
        TokenFixtures.Tokens t = f.portalTokens();
        String code = f.portalCode();
        String wrongSecret = PORTAL_SECRET.toUpperCase();
        List<EndpointResponse> responses = List.of(
                f.token(form("grant_type", "authorization_code", "code", code, "redirect_uri", "https://evil/cb"),
                        basic(PORTAL, PORTAL_SECRET)),
                f.token(form("grant_type", "authorization_code", "code", code), basic(PORTAL, wrongSecret)),
                f.token(form("grant_type", "refresh_token", "refresh_token", t.access()), basic(PORTAL, PORTAL_SECRET)),
                f.token(form("grant_type", "refresh_token", "refresh_token", t.refresh(), "scope", "admin"),
                        basic(PORTAL, PORTAL_SECRET)),
                f.token(form("grant_type", "refresh_token", "refresh_token", t.refresh(), "client_id", PORTAL,
                        "client_secret", wrongSecret)),
                f.revoke(form("token", t.access(), "client_id", PORTAL, "client_secret", wrongSecret)));
        for (EndpointResponse r : responses) {
            assertThat(r.status()).as(r.body()).isBetween(400, 401);
            assertNotEchoed(r, code, PORTAL_SECRET, wrongSecret, t.access(), t.refresh(), "https://evil/cb");
        }
    }
}
