package id.nu.oauth.core;

import static id.nu.oauth.core.ParJarFixtures.ALICE;
import static id.nu.oauth.core.ParJarFixtures.MOBILE;
import static id.nu.oauth.core.ParJarFixtures.MOBILE_CB;
import static id.nu.oauth.core.ParJarFixtures.PORTAL;
import static id.nu.oauth.core.ParJarFixtures.PORTAL_CB;
import static id.nu.oauth.core.ParJarFixtures.request;
import static id.nu.oauth.core.ParJarFixtures.requestUri;
import static id.nu.oauth.core.ParJarFixtures.sign;
import static id.nu.oauth.core.ParJarFixtures.withObject;
import static id.nu.oauth.core.ParJarFixtures.withRequestUri;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.id.State;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code response_mode} (OAuth 2.0 Multiple Response Type Encoding Practices §2.1, Form Post Response Mode §2). */
class ResponseModeTest {

    private final ParJarFixtures f = new ParJarFixtures();

    private Map<String, List<String>> portal(String mode, String state) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("response_type", List.of("code"));
        p.put("client_id", List.of(PORTAL));
        p.put("redirect_uri", List.of(PORTAL_CB));
        p.put("state", List.of(state));
        if (mode != null) {
            p.put("response_mode", List.of(mode));
        }
        return p;
    }

    /** The posted form as the client's server would read it, parsed by Nimbus. */
    private static AuthorizationResponse parsePosted(AuthorizeResult result) throws Exception {
        assertThat(result).isInstanceOf(AuthorizeResult.FormPost.class);
        AuthorizeResult.FormPost post = (AuthorizeResult.FormPost) result;
        Map<String, List<String>> form = new LinkedHashMap<>();
        // read the values back out of the HTML, as a browser would submit them
        Matcher input = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")
                .matcher(post.html());
        while (input.find()) {
            form.put(unescape(input.group(1)), List.of(unescape(input.group(2))));
        }
        assertThat(form.keySet()).isEqualTo(post.parameters().keySet());
        return AuthorizationResponse.parse(post.action(), form);
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    @Test
    void formPostPostsTheCodeStateAndIssToTheRedirectUri_formPost_2() throws Exception {
        AuthorizeResult result = f.authorize(portal("form_post", "s<\"&'>1"), ALICE);
        AuthorizationSuccessResponse ok = parsePosted(result).toSuccessResponse();
        assertThat(ok.getAuthorizationCode()).isNotNull();
        assertThat(ok.getState()).isEqualTo(new State("s<\"&'>1"));
        assertThat(ok.getIssuer().getValue()).isEqualTo(ParJarFixtures.ISSUER.toString()); // RFC 9207
        AuthorizeResult.FormPost post = (AuthorizeResult.FormPost) result;
        assertThat(post.action()).isEqualTo(URI.create(PORTAL_CB));
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.html()).contains("<form method=\"post\" action=\"" + PORTAL_CB + "\">")
                .doesNotContain("s<\"&'>1");
    }

    @Test
    void theFormPostPageCarriesTheConsentPagesSecurityHeadersAndAllowsOnlyItsOwnScript() throws Exception {
        AuthorizeResult.FormPost post = (AuthorizeResult.FormPost) f.authorize(portal("form_post", "x"), ALICE);
        Map<String, String> h = post.headers();
        assertThat(h).containsEntry("X-Frame-Options", "DENY").containsEntry("Cache-Control", "no-store")
                .containsEntry("Referrer-Policy", "no-referrer").containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Content-Type", "text/html;charset=UTF-8");
        String csp = h.get("Content-Security-Policy");
        // no form-action: browsers apply it to the client callback's own redirects too
        assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("form-action");
        Matcher script = Pattern.compile("<script>(.*?)</script>").matcher(post.html());
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(csp).contains("script-src 'sha256-" + hash + "'");
        assertThat(post.html()).contains("<noscript>");
    }

    @Test
    void aPrivateUseRedirectUriGetsItsFormPostToo() throws Exception {
        Map<String, List<String>> mobile = new LinkedHashMap<>(AuthorizeFixtures.params(
                request(MOBILE, MOBILE_CB).responseMode(ResponseMode.FORM_POST).build()));
        AuthorizeResult.FormPost post = (AuthorizeResult.FormPost) f.authorizeApproved(mobile);
        assertThat(post.action()).isEqualTo(URI.create(MOBILE_CB));
        assertThat(parsePosted(post).indicatesSuccess()).isTrue();
    }

    @Test
    void errorsArePostedToo_formPost_2() throws Exception {
        AuthorizationErrorResponse denied = parsePosted(f.server.authorize(AuthorizeRequest.of(
                portal("form_post", "d-1"), ALICE).withConsent(ConsentDecision.DENIED))).toErrorResponse();
        assertThat(denied.getErrorObject().getCode()).isEqualTo("access_denied");
        assertThat(denied.getState()).isEqualTo(new State("d-1"));

        Map<String, List<String>> badScope = portal("form_post", "d-2");
        badScope.put("scope", List.of("admin"));
        AuthorizationErrorResponse err = parsePosted(f.authorize(badScope, ALICE)).toErrorResponse();
        assertThat(err.getErrorObject().getCode()).isEqualTo("invalid_scope");
        assertThat(err.getState()).isEqualTo(new State("d-2"));
    }

    @Test
    void queryIsTheDefaultAndMayBeAskedFor() {
        assertThat(f.authorize(portal(null, "q"), ALICE)).isInstanceOf(AuthorizeResult.Redirect.class);
        assertThat(AuthorizeFixtures.success(f.authorize(portal("query", "q"), ALICE)).getState())
                .isEqualTo(new State("q"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fragment", "jwt", "query.jwt", "form_post.jwt", "garbage", "FORM_POST", "query form_post"})
    void anUnsupportedModeIsAnErrorNeverIgnored(String mode) {
        AuthorizationErrorResponse err = AuthorizeFixtures.error(f.authorize(portal(mode, "m-1"), ALICE),
                "invalid_request");
        assertThat(err.getState()).isEqualTo(new State("m-1"));
        assertThat(err.getErrorObject().getDescription()).contains("response_mode");
    }

    @Test
    void aRepeatedModeIsShownNotAnswered() {
        Map<String, List<String>> twice = portal("form_post", "t");
        twice.put("response_mode", List.of("form_post", "query"));
        assertThat(AuthorizeFixtures.asErrorPage(f.authorize(twice, ALICE)).error().code())
                .isEqualTo("invalid_request");
    }

    @Test
    void pushedAndSignedRequestsCanAskForFormPost() throws Exception {
        String uri = requestUri(f.push(MOBILE, request(MOBILE, MOBILE_CB).responseMode(ResponseMode.FORM_POST).build()));
        assertThat(parsePosted(f.authorizeApproved(withRequestUri(MOBILE, uri))).indicatesSuccess()).isTrue();

        String object = sign(f.claims(request(MOBILE, MOBILE_CB).responseMode(ResponseMode.FORM_POST).build())
                .build(), f.mobileKey);
        assertThat(parsePosted(f.authorizeApproved(withObject(MOBILE, object))).indicatesSuccess()).isTrue();
    }

    @Test
    void metadataListsQueryAndFormPost() throws Exception {
        assertThat(com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata.parse(
                f.server.authorizationServerMetadata()).getResponseModes())
                .containsExactly(ResponseMode.QUERY, ResponseMode.FORM_POST);
    }
}
