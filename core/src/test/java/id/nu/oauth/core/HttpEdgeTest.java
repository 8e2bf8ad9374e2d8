package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.LEGACY;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.SERVICE;
import static id.nu.oauth.core.TokenFixtures.SERVICE_SECRET;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP request as the engine sees it (design.md, "Edge"): methods, media types, charsets, body
 * framing and size, where each parameter may come from, repeated headers. Every case is answered
 * with a 4xx and the RFC 6749 §5.2 JSON body, never a 5xx, through the public API.
 */
class HttpEdgeTest {

    private final TokenFixtures f = TokenFixtures.create();

    private static final List<String> POST_PATHS = List.of(Endpoints.TOKEN, Endpoints.REFRESH, Endpoints.REVOKE,
            Endpoints.INTROSPECT);

    private static EndpointRequest.Builder post(String path, String contentType, String body) {
        EndpointRequest.Builder b = EndpointRequest.builder("POST", path).body(body.getBytes(StandardCharsets.UTF_8));
        return contentType == null ? b : b.header("Content-Type", contentType);
    }

    private static String serviceForm() {
        return "grant_type=client_credentials&client_id=" + SERVICE + "&client_secret="
                + URLEncoder.encode(SERVICE_SECRET, StandardCharsets.UTF_8);
    }

    @Test
    void credentialsInTheQueryOfAPostAreRefused_rfc6749_2_3_1_and_3_2() {
        String query = "grant_type=client_credentials&client_id=" + SERVICE + "&client_secret="
                + URLEncoder.encode(SERVICE_SECRET, StandardCharsets.UTF_8);
        EndpointResponse r = f.server.handle(post(Endpoints.TOKEN, null, "").query(query).build());
        assertError(r, 400, "invalid_request");
        assertThat(r.body()).doesNotContain(SERVICE_SECRET);
        for (String name : List.of("code", "code_verifier", "refresh_token", "client_secret", "token", "access_token")) {
            for (String path : POST_PATHS) {
                EndpointResponse x = f.server.handle(post(path, "application/x-www-form-urlencoded", serviceForm())
                        .query(name + "=v").build());
                assertError(x, 400, "invalid_request");
                assertThat((String) json(x).get("error_description")).contains(name);
            }
        }
    }

    @Test
    void aParameterInBothQueryAndBodyIsADuplicate_rfc6749_3_2() {
        EndpointResponse r = f.server.handle(post(Endpoints.TOKEN, "application/x-www-form-urlencoded", serviceForm())
                .query("grant_type=client_credentials").build());
        assertError(r, 400, "invalid_request");
    }

    @Test
    void otherQueryParametersOfAPostAreIgnored_rfc6749_3_2() { // "MAY include a query component"
        EndpointResponse r = f.server.handle(post(Endpoints.TOKEN, "application/x-www-form-urlencoded", serviceForm())
                .query("tenant=nu").build());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "Content-Type \"{0}\"")
    @ValueSource(strings = {"application/x-www-form-urlencoded; charset=ebcdic",
            "application/x-www-form-urlencoded;charset=x-garbage", "text/plain", "application/json",
            "multipart/form-data; boundary=x"})
    void aBodyThatIsNotAUtf8FormIs415(String contentType) { // RFC 6749 Appendix B; RFC 9110 §15.5.16
        for (String path : POST_PATHS) {
            assertError(f.server.handle(post(path, contentType, serviceForm()).build()), 415, "invalid_request");
        }
    }

    @ParameterizedTest(name = "Content-Type \"{0}\"")
    @ValueSource(strings = {";", ";;;", "application/x-www-form-urlencoded; charset=\"",
            "application/x-www-form-urlencoded; =x", "application/x-www-form-urlencoded; charset=\"UTF-8\" junk",
            "   "})
    void aMalformedContentTypeIs400(String contentType) { // RFC 9110 §8.3.1
        for (String path : POST_PATHS) {
            assertError(f.server.handle(post(path, contentType, serviceForm()).build()), 400, "invalid_request");
        }
    }

    @ParameterizedTest(name = "Content-Type \"{0}\"")
    @ValueSource(strings = {"application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded; Charset=utf-8",
            "application/x-www-form-urlencoded; charset=\"UTF-8\"", "application/x-www-form-urlencoded;"})
    void aUtf8FormInAnySpellingIsRead(String contentType) {
        assertThat(f.server.handle(post(Endpoints.TOKEN, contentType, serviceForm()).build()).status()).isEqualTo(200);
    }

    @Test
    void anUnreadableBodyIs400AndClosesTheConnection() { // truncated or malformed chunked body
        for (String path : List.of(Endpoints.TOKEN, Endpoints.REFRESH, Endpoints.REVOKE, Endpoints.INTROSPECT,
                Endpoints.USERINFO)) {
            EndpointResponse r = f.server.handle(post(path, "application/x-www-form-urlencoded", "grant_ty")
                    .bodyUnreadable().build());
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(json(r)).containsEntry("error", "invalid_request");
            assertThat(r.headers()).containsEntry("Connection", "close");
        }
    }

    @Test
    void aDeclaredLengthOverTheCapIs413BeforeAnythingIsRead() { // RFC 9110 §15.5.14
        EndpointResponse r = f.server.handle(post(Endpoints.TOKEN, "application/x-www-form-urlencoded", "")
                .header("Content-Length", "99999999").build());
        assertError(r, 413, "invalid_request");
        assertThat(r.headers()).containsEntry("Connection", "close");
    }

    @Test
    void bodyCapIsConfigurable() {
        AuthorizationServer small = AuthorizationServer.builder().issuer(TokenFixtures.ISSUER)
                .maxRequestBodyBytes(1024).build();
        assertThat(small.maxRequestBodyBytes()).isEqualTo(1024);
        assertError(small.handle(post(Endpoints.REVOKE, "application/x-www-form-urlencoded",
                "token=" + "a".repeat(1100)).build()), 413, "invalid_request");
    }

    @ParameterizedTest(name = "body \"{0}\"")
    @ValueSource(strings = {"token=%zz", "token=%", "token=%C3%28", "token=%ED%A0%80"})
    void aMalformedFormIs400(String body) { // RFC 3986 §2.1, RFC 3629
        assertError(f.server.handle(post(Endpoints.REVOKE, "application/x-www-form-urlencoded", body).build()), 400,
                "invalid_request");
    }

    @Test
    void aRepeatedAuthorizationHeaderIs400() { // two readers could disagree on which counts
        EndpointResponse r = f.server.handle(post(Endpoints.TOKEN, "application/x-www-form-urlencoded",
                "grant_type=client_credentials").header("Authorization", basic(SERVICE, SERVICE_SECRET))
                .header("Authorization", basic(SERVICE, SERVICE_SECRET)).build());
        assertError(r, 400, "invalid_request");
    }

    @Test
    void aRepeatedContentTypeIs400() {
        assertError(f.server.handle(post(Endpoints.TOKEN, "application/x-www-form-urlencoded", serviceForm())
                .header("Content-Type", "text/plain").build()), 400, "invalid_request");
    }

    @Test
    void eachEndpointTakesItsMethodsAndSaysWhichIn405Allow() { // RFC 9110 §15.5.6
        for (String path : POST_PATHS) {
            for (String method : List.of("GET", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "X-GARBAGE")) {
                EndpointResponse r = f.server.handle(EndpointRequest.builder(method, path).build());
                assertError(r, 405, "invalid_request");
                assertThat(r.headers()).containsEntry("Allow", "POST");
            }
        }
        assertThat(f.server.handle(EndpointRequest.builder("DELETE", Endpoints.USERINFO).build()).header("Allow"))
                .isEqualTo("GET, POST");
        assertThat(f.server.handle(EndpointRequest.builder("POST", Endpoints.JWKS).build()).header("Allow"))
                .isEqualTo("GET, HEAD");
    }

    @Test
    void anUnknownPathIs404() {
        assertError(f.server.handle(EndpointRequest.builder("GET", "/oauth/nothing").build()), 404, "not_found");
    }

    @Test
    void documentsAreCompleteResponsesWithCacheAndCorsHeaders() { // RFC 8414 §3, OIDC Discovery §4, RFC 7517
        EndpointResponse jwks = f.server.handle(EndpointRequest.builder("GET", Endpoints.JWKS).build());
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.headers()).containsEntry("Cache-Control", "public, max-age=300")
                .containsEntry("Access-Control-Allow-Origin", "*").containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(jwks.body()).isEqualTo(f.server.jwks());
        for (String path : List.of(Endpoints.OAUTH_METADATA, Endpoints.OPENID_CONFIGURATION)) {
            EndpointResponse doc = f.server.handle(EndpointRequest.builder("GET", path).build());
            assertThat(doc.headers()).containsEntry("Cache-Control", "public, max-age=3600");
            assertThat(doc.body()).contains("\"issuer\":\"https:\\/\\/nu.id\\/api\"");
            EndpointResponse head = f.server.handle(EndpointRequest.builder("HEAD", path).build());
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEqualTo(doc.body()); // the HTTP layer drops it; its length stays right
        }
    }

    // ---- the authorization endpoint over HTTP ------------------------------------------------------

    private String authorizeForm() {
        return "response_type=code&client_id=" + LEGACY + "&redirect_uri="
                + URLEncoder.encode(TokenFixtures.LEGACY_REDIRECT, StandardCharsets.UTF_8) + "&state=xyz";
    }

    @Test
    void authorizeTakesAFormPostLikeAGet_oidcCore_3_1_2_1() throws Exception { // "MUST support GET and POST"
        AuthenticatedUser user = new AuthenticatedUser(TokenFixtures.SUBJECT, f.clock.instant());
        EndpointRequest get = EndpointRequest.builder("GET", Endpoints.AUTHORIZE).query(authorizeForm()).build();
        EndpointRequest post = post(Endpoints.AUTHORIZE, "application/x-www-form-urlencoded", authorizeForm()).build();
        for (EndpointRequest http : List.of(get, post)) {
            AuthorizeResult r = f.server.authorize(AuthorizeRequest.of(http, user).withConsent(ConsentDecision.APPROVED));
            assertThat(r).isInstanceOf(AuthorizeResult.Redirect.class);
            AuthorizeResult.Redirect redirect = (AuthorizeResult.Redirect) r;
            assertThat(AuthorizationResponse.parse(redirect.location()).indicatesSuccess()).isTrue();
            // RFC 9700 §4.12: after a POST, 303 so the browser does not post again
            assertThat(redirect.status()).isEqualTo(http == post ? 303 : 302);
            assertThat(redirect.headers()).containsEntry("Cache-Control", "no-store");
        }
    }

    @Test
    void authorizeRefusesOtherMethodsAndUnreadableForms() {
        AuthorizeResult put = f.server.authorize(AuthorizeRequest.of(
                EndpointRequest.builder("PUT", Endpoints.AUTHORIZE).query(authorizeForm()).build(), null));
        AuthorizeResult.ErrorPage page = (AuthorizeResult.ErrorPage) put;
        assertThat(page.status()).isEqualTo(405);
        assertThat(page.headers()).containsEntry("Allow", "GET, POST");

        AuthorizeResult json = f.server.authorize(AuthorizeRequest.of(post(Endpoints.AUTHORIZE, "application/json",
                "{}").build(), null));
        assertThat(((AuthorizeResult.ErrorPage) json).status()).isEqualTo(415);

        AuthorizeResult badQuery = f.server.authorize(AuthorizeRequest.of(EndpointRequest.builder("GET",
                Endpoints.AUTHORIZE).query("client_id=%zz").build(), null));
        assertThat(((AuthorizeResult.ErrorPage) badQuery).status()).isEqualTo(400);
    }

    @Test
    void anUnknownClientOnThePageIs400NotA401() { // the browser is not the client: no challenge
        AuthorizeResult r = f.server.authorize(AuthorizeRequest.of(EndpointRequest.builder("GET", Endpoints.AUTHORIZE)
                .query("response_type=code&client_id=nobody").build(), null));
        AuthorizeResult.ErrorPage page = (AuthorizeResult.ErrorPage) r;
        assertThat(page.error().code()).isEqualTo("invalid_client");
        assertThat(page.status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"request", "request_uri"})
    void unsignedRequestObjectsAndForeignRequestUrisAreRefusedNotIgnored_rfc9101_10_1_rfc9126_4(String name) {
        AuthenticatedUser user = new AuthenticatedUser(TokenFixtures.SUBJECT, f.clock.instant());
        AuthorizeResult r = f.server.authorize(AuthorizeRequest.of(EndpointRequest.builder("GET", Endpoints.AUTHORIZE)
                .query(authorizeForm() + "&" + name + "=eyJhbGciOiJub25lIn0.e30.").build(), user)
                .withConsent(ConsentDecision.APPROVED));
        // the redirect URI inside an object or a pushed request is not known to be trusted: a page
        AuthorizeResult.ErrorPage page = (AuthorizeResult.ErrorPage) r;
        assertThat(page.error().code()).isEqualTo(name.equals("request") ? "invalid_request_object"
                : "invalid_request_uri");
        assertThat(page.status()).isEqualTo(400);
    }

    // ---- protected resources (RFC 6750) -------------------------------------------------------------

    private ResourceAccess resource(EndpointRequest.Builder b, String... scopes) {
        return f.server.protectedResource(b.build(), Set.of(scopes));
    }

    private static EndpointRequest.Builder api() {
        return EndpointRequest.builder("GET", "/me");
    }

    @Test
    void protectedResourceGrantsAnActiveTokenWithItsScopes_rfc6750_2_1() {
        TokenFixtures.Tokens t = f.portalTokens();
        ResourceAccess ok = resource(api().header("Authorization", "Bearer " + t.access()), "profile");
        assertThat(ok).isInstanceOfSatisfying(ResourceAccess.Granted.class,
                g -> assertThat(g.token().clientId()).isEqualTo(PORTAL));
        ResourceAccess lowerCaseScheme = resource(api().header("Authorization", "bearer " + t.access()));
        assertThat(lowerCaseScheme).isInstanceOf(ResourceAccess.Granted.class); // RFC 7235 §2.1
    }

    private static EndpointResponse denied(ResourceAccess access) {
        assertThat(access).isInstanceOf(ResourceAccess.Denied.class);
        return ((ResourceAccess.Denied) access).response();
    }

    @Test
    void protectedResourceErrorsAreTheRfc6750Answers_rfc6750_3_1() {
        TokenFixtures.Tokens t = f.portalTokens();
        EndpointResponse none = denied(resource(api()));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"https://nu.id/api\"");
        assertThat(none.body()).isEmpty();

        EndpointResponse otherScheme = denied(resource(api().header("Authorization", "Basic abc")));
        assertThat(otherScheme.status()).isEqualTo(401);

        EndpointResponse unknown = denied(resource(api().header("Authorization", "Bearer unknown")));
        assertError(unknown, 401, "invalid_token");
        assertThat(unknown.header("WWW-Authenticate")).startsWith("Bearer realm=\"https://nu.id/api\", error=\"invalid_token\"");

        EndpointResponse scope = denied(resource(api().header("Authorization", "Bearer " + t.access()), "admin"));
        assertError(scope, 403, "insufficient_scope");
        assertThat(scope.header("WWW-Authenticate")).contains("scope=\"admin\"");

        for (EndpointRequest.Builder malformed : List.of(
                api().header("Authorization", "Bearer " + t.access()).header("Authorization", "Bearer x"),
                api().header("Authorization", "Bearer a b"),
                api().header("Authorization", "Bearer "),
                api().header("Authorization", "Bearer t\u00e9st"),
                api().query("access_token=" + t.access()).header("Authorization", "Bearer " + t.access()))) {
            EndpointResponse r = denied(resource(malformed));
            assertError(r, 400, "invalid_request");
            assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
        }
    }

    @Test
    void userinfoRefusesATokenInTheQueryAndReadsOneInAPostBody_rfc6750_2_2_and_2_3() {
        EndpointResponse query = f.server.handle(EndpointRequest.builder("GET", Endpoints.USERINFO)
                .query("access_token=abc").build());
        assertError(query, 400, "invalid_request");
        EndpointResponse body = f.server.handle(post(Endpoints.USERINFO, "application/x-www-form-urlencoded",
                "access_token=abc").build());
        assertError(body, 401, "invalid_token");
        EndpointResponse badCharset = f.server.handle(post(Endpoints.USERINFO,
                "application/x-www-form-urlencoded; charset=ebcdic", "access_token=abc").build());
        assertThat(badCharset.status()).isEqualTo(415);
        assertThat(badCharset.header("WWW-Authenticate")).startsWith("Bearer");
        EndpointResponse headerOnlyPost = f.server.handle(EndpointRequest.builder("POST", Endpoints.USERINFO)
                .header("Authorization", "Bearer abc").build()); // no body, no Content-Type: fine
        assertError(headerOnlyPost, 401, "invalid_token");
    }

    @Test
    void theContainersOwnRefusalsHaveTheSameShape() {
        assertError(EndpointResponse.error(OAuthError.forHttpStatus(431)), 431, "invalid_request");
        assertError(EndpointResponse.error(OAuthError.forHttpStatus(414)), 414, "invalid_request");
        assertError(EndpointResponse.error(OAuthError.forHttpStatus(505)), 505, "invalid_request");
        assertError(EndpointResponse.error(OAuthError.forHttpStatus(400)), 400, "invalid_request");
        assertThat(EndpointResponse.error(OAuthError.forHttpStatus(500)).status()).isEqualTo(500);
        assertThat(ErrorCode.forHttpStatus(418)).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void legacyFormShorthandsStillBuildFormPosts() {
        EndpointRequest r = EndpointRequest.of(Map.of("token", "a b&c"), "Basic x");
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("token=a%20b%26c");
        assertThat(r.authorization()).isEqualTo("Basic x");
    }
}
