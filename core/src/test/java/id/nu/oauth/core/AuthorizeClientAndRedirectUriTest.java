package id.nu.oauth.core;

import static id.nu.oauth.core.AuthorizeFixtures.ALICE;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST_CB;
import static id.nu.oauth.core.AuthorizeFixtures.LEGACY;
import static id.nu.oauth.core.AuthorizeFixtures.LEGACY_CB;
import static id.nu.oauth.core.AuthorizeFixtures.NATIVE;
import static id.nu.oauth.core.AuthorizeFixtures.NATIVE_LOCALHOST;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL_CB;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL_CB_QUERY;
import static id.nu.oauth.core.AuthorizeFixtures.asErrorPage;
import static id.nu.oauth.core.AuthorizeFixtures.asRedirect;
import static id.nu.oauth.core.AuthorizeFixtures.authorize;
import static id.nu.oauth.core.AuthorizeFixtures.params;
import static id.nu.oauth.core.AuthorizeFixtures.plus;
import static id.nu.oauth.core.AuthorizeFixtures.rawParameter;
import static id.nu.oauth.core.AuthorizeFixtures.success;
import static id.nu.oauth.core.AuthorizeFixtures.with;
import static id.nu.oauth.core.AuthorizeFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6749 §4.1.2.1: when the client or its redirect URI cannot be verified, the user sees an error
 * page and the browser is never sent anywhere. Exact matching per RFC 9700 §4.1.3 / OAuth 2.1 §2.3.1.
 */
class AuthorizeClientAndRedirectUriTest {

    private final AuthorizationServer server = AuthorizeFixtures.server();

    /** A valid confidential-client request to the portal's plain callback. */
    private static Map<String, List<String>> portal() {
        return params("response_type", "code", "client_id", PORTAL, "redirect_uri", PORTAL_CB, "state", "st");
    }

    @Test
    void validRequestFromLoggedInUserOfFirstPartyClientRedirectsWithCodeStateAndIss() {
        // RFC 6749 §4.1.2, RFC 9207 §2
        AuthorizationSuccessResponse ok = success(authorize(server,
                params("response_type", "code", "client_id", FIRST, "redirect_uri", FIRST_CB, "state", "xyz"), ALICE));
        assertThat(ok.getState().getValue()).isEqualTo("xyz");
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(FIRST_CB));
    }

    @Test
    void missingClientIdShowsErrorPageEvenToLoggedInUser() { // RFC 6749 §4.1.2.1
        AuthorizeResult.ErrorPage page = asErrorPage(authorize(server, without(portal(), "client_id"), ALICE));
        assertThat(page.error().code()).isEqualTo("invalid_request");
    }

    @Test
    void emptyClientIdCountsAsMissingAndShowsErrorPage() { // RFC 6749 §3.1: empty means omitted
        AuthorizeResult.ErrorPage page = asErrorPage(authorize(server, with(portal(), "client_id", ""), ALICE));
        assertThat(page.error().code()).isEqualTo("invalid_request");
    }

    @Test
    void unknownClientShowsErrorPageNotLoginNorRedirect() { // RFC 6749 §4.1.2.1
        AuthorizeResult result = authorize(server, with(portal(), "client_id", "nobody"), null);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_client");
    }

    @Test
    void duplicatedClientIdShowsErrorPageEvenWhenBothValuesAgree() { // RFC 6749 §3.1
        AuthorizeResult result = authorize(server, plus(portal(), "client_id", PORTAL), ALICE);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @ParameterizedTest(name = "client_id \"{0}\"")
    @ValueSource(strings = {"port\u0000al", "port\nal", "portal\u00e9", "\u0007"})
    void malformedClientIdShowsErrorPage(String clientId) { // RFC 6749 Appendix A.1: VSCHAR
        AuthorizeResult result = authorize(server, with(portal(), "client_id", clientId), ALICE);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void overlongClientIdShowsErrorPage() {
        AuthorizeResult result = authorize(server, with(portal(), "client_id", "a".repeat(256)), ALICE);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void omittedRedirectUriWithSeveralRegisteredShowsErrorPage() { // RFC 6749 §3.1.2.3
        AuthorizeResult result = authorize(server, without(portal(), "redirect_uri"), ALICE);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void omittedRedirectUriWithExactlyOneRegisteredUsesIt() throws Exception { // RFC 6749 §3.1.2.3
        AuthorizeResult result = authorize(server,
                params("response_type", "code", "client_id", LEGACY, "state", "s"), ALICE);
        assertThat(result).isInstanceOf(AuthorizeResult.ConsentRequired.class);
        AuthorizationSuccessResponse ok = success(server.authorize(
                AuthorizeRequest.of(params("response_type", "code", "client_id", LEGACY, "state", "s"), ALICE)
                        .withConsent(ConsentDecision.APPROVED)));
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(LEGACY_CB));
        // RFC 6749 §4.1.3: redirect_uri at the token endpoint only "if included" in the request.
        TokenResponse token = AuthorizeFixtures.redeem(server, LEGACY, ok, null, null);
        assertThat(token.indicatesSuccess()).isTrue();
    }

    @Test
    void emptyRedirectUriCountsAsOmitted() { // RFC 6749 §3.1
        AuthorizeResult result = authorize(server,
                params("response_type", "code", "client_id", FIRST, "redirect_uri", "", "state", "s"), ALICE);
        assertThat(success(result).getRedirectionURI()).isEqualTo(URI.create(FIRST_CB));
        AuthorizeResult several = authorize(server, with(portal(), "redirect_uri", ""), ALICE);
        assertThat(asErrorPage(several).error().code()).isEqualTo("invalid_request");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "https://portal.example.or.id/callback/",            // trailing slash
        "https://PORTAL.example.or.id/callback",             // host case
        "https://portal.example.or.id/Callback",             // path case
        "HTTPS://portal.example.or.id/callback",             // scheme case
        "https://portal.example.or.id/callback?x=1",         // extra query
        "https://portal.example.or.id/callback?",            // empty query
        "https://portal.example.or.id/callback#frag",        // fragment (RFC 6749 §3.1.2)
        "https://portal.example.or.id/callback/../callback", // dot segments
        "https://portal.example.or.id/callbac",              // prefix
        "https://portal.example.or.id/callbackx",            // extension
        "https://portal.example.or.id/other",                // different path
        "https://portal.example.or.id:443/callback",         // explicit default port
        "https://portal.example.or.id:8443/callback",        // other port on a non-loopback host
        "http://portal.example.or.id/callback",              // downgraded scheme
        "https://evil.example/callback",                     // other host
        "https://portal.example.or.id.evil.example/callback",
        "https://user@portal.example.or.id/callback",        // userinfo
        "https://portal.example.or.id/%63allback",           // percent-encoded equivalent
        "https://portal.example.or.id/return?lang=id&tenant=nu", // registered query, reordered
        "https://portal.example.or.id/return?tenant=nu",     // registered query, shortened
        "https://portal.example.or.id/return",               // registered path without its query
        "/callback",                                         // relative
        "id.nu.app:/cb",                                     // another client's URI
    })
    void redirectUriThatIsNotExactlyRegisteredShowsErrorPage(String redirectUri) {
        // RFC 9700 §4.1.3, OAuth 2.1 §2.3.1: simple string comparison; RFC 6749 §4.1.2.1: no redirect.
        AuthorizeResult result = authorize(server, with(portal(), "redirect_uri", redirectUri), ALICE);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void unregisteredRedirectUriShowsErrorPageEvenWhenOtherParametersAreAlsoBad() {
        // RFC 6749 §4.1.2.1: the redirect URI is checked before anything that could redirect.
        Map<String, List<String>> bad = params("response_type", "token", "client_id", PORTAL,
                "redirect_uri", "https://evil.example/cb", "scope", "nope", "state", "s");
        assertThat(asErrorPage(authorize(server, bad, null)).error().code()).isEqualTo("invalid_request");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {PORTAL_CB, "https://evil.example/cb"})
    void duplicatedRedirectUriShowsErrorPage(String second) { // RFC 6749 §3.1
        AuthorizeResult result = authorize(server, plus(portal(), "redirect_uri", second), ALICE);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void oversizedRedirectUriShowsErrorPage() {
        String huge = PORTAL_CB + "?" + "x".repeat(2100);
        AuthorizeResult result = authorize(server, with(portal(), "redirect_uri", huge), ALICE);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @ParameterizedTest(name = "redirect_uri \"{0}\"")
    @ValueSource(strings = {"https://portal.example.or.id/call back", "https://portal.example.or.id/callback\n",
        "https://portal.example.or.id/callback\u0000", "https://portal.example.or.id/c\u00e1llback"})
    void redirectUriWithCharactersNoUriMayHoldShowsErrorPage(String redirectUri) { // RFC 3986 §2
        AuthorizeResult result = authorize(server, with(portal(), "redirect_uri", redirectUri), ALICE);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void errorPageDescriptionNeverEchoesTheRequestedUri() {
        AuthorizeResult result = authorize(server, with(portal(), "redirect_uri", "https://evil.example/x"), ALICE);
        assertThat(asErrorPage(result).error().description()).doesNotContain("evil");
    }

    @Test
    void redirectKeepsTheQueryOfTheRegisteredUri() { // RFC 6749 §3.1.2: the query MUST be retained
        AuthorizeResult result = authorize(server, with(portal(), "redirect_uri", PORTAL_CB_QUERY), ALICE);
        AuthorizeResult approved = server.authorize(
                AuthorizeRequest.of(with(portal(), "redirect_uri", PORTAL_CB_QUERY), ALICE)
                        .withConsent(ConsentDecision.APPROVED));
        assertThat(result).isInstanceOf(AuthorizeResult.ConsentRequired.class);
        URI location = asRedirect(approved).location();
        assertThat(location.toString()).startsWith(PORTAL_CB_QUERY + "&code=");
        assertThat(rawParameter(location, "tenant")).isEqualTo("nu");
        assertThat(rawParameter(location, "lang")).isEqualTo("id");
        AuthorizationSuccessResponse ok = success(approved);
        assertThat(ok.getState().getValue()).isEqualTo("st");
        assertThat(AuthorizeFixtures.redeem(server, PORTAL, ok, PORTAL_CB_QUERY, null).indicatesSuccess()).isTrue();
    }

    @Test
    void errorRedirectAlsoKeepsTheQueryOfTheRegisteredUri() { // RFC 6749 §3.1.2, §4.1.2.1
        Map<String, List<String>> request = with(with(portal(), "redirect_uri", PORTAL_CB_QUERY), "scope", "nope");
        URI location = asRedirect(authorize(server, request, ALICE)).location();
        assertThat(location.toString()).startsWith(PORTAL_CB_QUERY + "&error=invalid_scope");
        assertThat(AuthorizeFixtures.error(authorize(server, request, ALICE), "invalid_scope").getState().getValue())
                .isEqualTo("st");
    }

    @Test
    void loopbackLocalhostHasNoPortExceptionButItsExactUriWorks() { // RFC 8252 §7.3, §8.3
        Map<String, List<String>> base = AuthorizeFixtures.params(AuthorizeFixtures.nimbusPkce(
                NATIVE, NATIVE_LOCALHOST, "s").build());
        AuthorizeResult exact = authorize(server, base, null);
        assertThat(exact).isInstanceOf(AuthorizeResult.LoginRequired.class);
        AuthorizeResult otherPort = authorize(server, with(base, "redirect_uri", "http://localhost:9999/cb"), null);
        assertThat(asErrorPage(otherPort).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void registeredUriEndingInAnEmptyQueryGetsTheResponseInThatQuery() { // RFC 3986 §3.4, RFC 6749 §3.1.2
        AuthorizationServer.Builder builder = AuthorizationServer.builder().issuer(AuthorizeFixtures.ISSUER)
                .client(id.nu.oauth.client.Client.confidential("q", id.nu.oauth.client.SecretHash.of(
                        AuthorizeFixtures.CONFIDENTIAL_SECRET)).redirectUri("https://q.example/cb?")
                        .redirectUri("https://q.example/cb2?a=1&").firstParty(true).build());
        AuthorizationServer own = builder.build();
        URI first = asRedirect(authorize(own,
                params("response_type", "code", "client_id", "q", "redirect_uri", "https://q.example/cb?", "state", "s"),
                ALICE)).location();
        assertThat(first.toString()).startsWith("https://q.example/cb?code=");
        URI second = asRedirect(authorize(own, params("response_type", "code", "client_id", "q",
                "redirect_uri", "https://q.example/cb2?a=1&", "state", "s"), ALICE)).location();
        assertThat(second.toString()).startsWith("https://q.example/cb2?a=1&code=");
        assertThat(success(authorize(own, params("response_type", "code", "client_id", "q",
                "redirect_uri", "https://q.example/cb2?a=1&", "state", "s"), ALICE)).getState().getValue())
                .isEqualTo("s");
    }

    @Test
    void clientWithNoRedirectUriShowsUnauthorizedClientPage() { // RFC 6749 §4.1.2.1: nowhere to redirect
        AuthorizationServer own = AuthorizationServer.builder().issuer(AuthorizeFixtures.ISSUER)
                .client(id.nu.oauth.client.Client.confidential("svc", id.nu.oauth.client.SecretHash.of(
                        AuthorizeFixtures.CONFIDENTIAL_SECRET))
                        .grantTypes(id.nu.oauth.client.GrantType.CLIENT_CREDENTIALS).build())
                .build();
        AuthorizeResult omitted = authorize(own, params("response_type", "code", "client_id", "svc"), ALICE);
        assertThat(asErrorPage(omitted).error().code()).isEqualTo("unauthorized_client");
        AuthorizeResult given = authorize(own, params("response_type", "code", "client_id", "svc",
                "redirect_uri", "https://svc.example/cb"), ALICE);
        assertThat(asErrorPage(given).error().code()).isEqualTo("unauthorized_client");
    }
}
