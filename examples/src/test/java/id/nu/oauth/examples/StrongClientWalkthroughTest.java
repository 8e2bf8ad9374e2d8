package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import id.nu.oauth.servlet.ConsentView;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strong demo client's walk-through over real HTTP, in Jetty and in Tomcat, as a browser would
 * click it: PAR with a {@code private_key_jwt} assertion and a DPoP proof (RFC 9126 §2.1, RFC 7523
 * §2.2, RFC 9449 §10.1) → the authorize redirect with only {@code client_id} and {@code request_uri}
 * (RFC 9126 §4) → login and consent → the token POST, {@code use_dpop_nonce} and the retry with the
 * server's nonce (RFC 9449 §8) → {@code token_type: DPoP} (§5) → userinfo with {@code Authorization:
 * DPoP} and {@code ath} (§7.1) → the same token refused as a Bearer token (§7.2) → a refresh with a
 * new proof. Checks what the page shows (each message, the decoded JWTs) and that no token, code or
 * assertion is on the page in full.
 */
class StrongClientWalkthroughTest {

    private static final Pattern FULL_JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("Jetty 12", (DemoMain.Starter) JettyDemo::start),
                Arguments.of("Tomcat 11", (DemoMain.Starter) TomcatDemo::start));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void walksDpopParAndPrivateKeyJwtShowingEachMessage(String name, DemoMain.Starter starter) throws Exception {
        try (RunningDemo demo = starter.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
            String api = demo.origin() + "/api";
            String issuer = demo.portal().issuer().toString();
            Browser browser = new Browser();
            Browser.Page start = browser.get(demo.origin().resolve("/strong-client/"));
            assertThat(start.status()).isEqualTo(200);
            // the registered key is public: no private part ("d") on the page
            JWKSet registered = JWKSet.parse(Browser.elementText(start.body(), "strong-jwks"));
            assertThat(registered.getKeys()).hasSize(1);
            assertThat(registered.getKeys().get(0).isPrivate()).isFalse();

            // 1. PAR, then the browser goes to authorize with client_id and request_uri only (RFC 9126 §4)
            Browser.Page login = browser.submit(start.form("/strong-client/start", null));
            assertThat(login.url().getPath()).isEqualTo("/login");
            URI authorize = browser.hops.stream().filter(h -> h.getPath().equals("/api/oauth/authorize")).findFirst()
                    .orElseThrow();
            Map<String, List<String>> query = URLUtils.parseParameters(authorize.getRawQuery());
            assertThat(query).containsOnlyKeys("client_id", "request_uri");
            assertThat(query.get("client_id")).containsExactly(StrongClient.CLIENT_ID);
            assertThat(query.get("request_uri").get(0)).startsWith("urn:ietf:params:oauth:request_uri:");

            Browser.Page consent = browser.submit(login.form("/login", "password")
                    .with("username", DemoPortal.DEMO_USERNAME).with("password", DemoPortal.DEMO_PASSWORD));
            assertThat(consent.status()).as(consent.body()).isEqualTo(200);
            assertThat(consent.body()).contains(StrongClient.NAME);
            Browser.Page page = browser.submit(consent.form("", ConsentView.APPROVE)
                    .with(ConsentView.DECISION_FIELD, ConsentView.APPROVE));
            assertThat(page.url().getPath()).isEqualTo("/strong-client/");
            String html = page.body();

            // step 1: the PAR POST, its client assertion and DPoP proof decoded, the 201 with request_uri
            assertThat(text(html, "strong-step-1-request")).startsWith("POST " + api + "/oauth/par")
                    .contains("DPoP: eyJ").contains("(masked,")
                    .contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer")
                    .contains("code_challenge_method=S256").contains("redirect_uri=")
                    .doesNotContain("code_verifier");
            assertThat(text(html, "strong-step-1-jwt-1-label")).startsWith("client_assertion");
            Map<String, Object> assertion = json(text(html, "strong-step-1-jwt-1-claims"));
            assertThat(assertion).containsEntry("iss", StrongClient.CLIENT_ID).containsEntry("sub", StrongClient.CLIENT_ID)
                    .containsEntry("aud", issuer).containsKeys("jti", "exp", "iat"); // RFC 7523 §3
            assertThat(json(text(html, "strong-step-1-jwt-1-header"))).containsEntry("alg", "ES256")
                    .containsEntry("kid", registered.getKeys().get(0).getKeyID());
            Map<String, Object> parProofHeader = json(text(html, "strong-step-1-jwt-2-header"));
            assertThat(parProofHeader).containsEntry("typ", "dpop+jwt").containsEntry("alg", "ES256"); // RFC 9449 §4.2
            assertThat(((Map<?, ?>) parProofHeader.get("jwk")).containsKey("d")).as("a private key in the proof").isFalse();
            assertThat(json(text(html, "strong-step-1-jwt-2-claims"))).containsEntry("htm", "POST")
                    .containsEntry("htu", api + "/oauth/par").containsKeys("jti", "iat").doesNotContainKey("ath");
            assertThat(text(html, "strong-step-1-response")).startsWith("HTTP 201").contains("\"request_uri\": \"urn:ietf")
                    .contains("\"expires_in\": ");
            // step 2: the redirect, step 3: the callback with the code masked, state and iss checked
            assertThat(text(html, "strong-step-2-request")).contains("Location: " + authorize);
            assertThat(text(html, "strong-step-3-request")).startsWith("GET " + demo.origin() + "/strong-client/callback?")
                    .contains("code=").contains("(masked,").contains("iss=");
            assertThat(html).contains("iss names this server (RFC 9207)");
            // step 4: the token POST without a nonce gets use_dpop_nonce and a DPoP-Nonce (RFC 9449 §8)
            assertThat(text(html, "strong-step-4-request")).startsWith("POST " + api + "/oauth/token")
                    .contains("grant_type=authorization_code").contains("code_verifier=").contains("client_assertion=");
            String step4 = text(html, "strong-step-4-response");
            assertThat(step4).startsWith("HTTP 400").contains("\"error\": \"use_dpop_nonce\"");
            String nonce = header(step4, "DPoP-Nonce");
            assertThat(nonce).isNotBlank();
            assertThat(json(text(html, "strong-step-4-jwt-2-claims"))).doesNotContainKey("nonce");
            // step 5: the retry with the nonce in a new proof and a new assertion (new jti): DPoP-bound tokens
            assertThat(json(text(html, "strong-step-5-jwt-2-claims"))).containsEntry("nonce", nonce)
                    .containsEntry("htm", "POST").containsEntry("htu", api + "/oauth/token");
            assertThat(json(text(html, "strong-step-5-jwt-1-claims")).get("jti"))
                    .isNotEqualTo(json(text(html, "strong-step-4-jwt-1-claims")).get("jti"));
            String step5 = text(html, "strong-step-5-response");
            assertThat(step5).startsWith("HTTP 200").contains("Cache-Control: no-store")
                    .contains("\"token_type\": \"DPoP\"").contains("\"access_token\": \"").contains("(masked,");
            assertThat(Browser.elementText(html, "strong-token-type")).isEqualTo("DPoP");
            String jkt = Browser.elementText(html, "strong-dpop-jkt");
            assertThat(jkt).hasSize(43);
            assertThat(html).doesNotContain("<span class=\"tag\">failed</span>");
            assertNothingInFull(html);

            // 6. userinfo with Authorization: DPoP and a proof with ath (RFC 9449 §7.1)
            page = browser.submit(page.form("/strong-client/userinfo", null));
            html = page.body();
            assertThat(text(html, "strong-step-6-request")).startsWith("GET " + api + "/oauth/userinfo")
                    .contains("Authorization: DPoP ").contains("(masked,");
            Map<String, Object> userinfoProof = json(text(html, "strong-step-6-jwt-1-claims"));
            assertThat(userinfoProof).containsEntry("htm", "GET").containsEntry("htu", api + "/oauth/userinfo")
                    .containsKey("ath");
            assertThat((String) userinfoProof.get("ath")).hasSize(43); // base64url SHA-256 of the token
            assertThat(text(html, "strong-step-6-response")).startsWith("HTTP 200").contains("\"sub\": \"demo\"");

            // 7. the same token with the Bearer scheme is refused (RFC 9449 §7.2)
            page = browser.submit(page.form("/strong-client/bearer", null));
            html = page.body();
            assertThat(text(html, "strong-step-7-request")).contains("Authorization: Bearer ");
            assertThat(Browser.elementText(html, "strong-step-7-jwt-1-label")).isNull(); // no proof was sent
            assertThat(text(html, "strong-step-7-response")).startsWith("HTTP 401").contains("WWW-Authenticate: ");

            // 8. a refresh with a new proof (the server's latest nonce) and a new assertion: DPoP again
            String accessBefore = Browser.elementText(html, "strong-access-token");
            page = browser.submit(page.form("/strong-client/refresh", null));
            html = page.body();
            assertThat(text(html, "strong-step-8-request")).contains("grant_type=refresh_token")
                    .contains("refresh_token=").contains("(masked,");
            assertThat(json(text(html, "strong-step-8-jwt-2-claims"))).containsKey("nonce");
            assertThat(text(html, "strong-step-8-response")).startsWith("HTTP 200").contains("\"token_type\": \"DPoP\"");
            assertThat(Browser.elementText(html, "strong-access-token")).isNotEqualTo(accessBefore);
            assertThat(Browser.elementText(html, "strong-dpop-jkt")).isEqualTo(jkt); // the same key
            assertThat(html).doesNotContain("<span class=\"tag\">failed</span>");
            assertNothingInFull(html);

            // a fresh start: no flow, the start button again
            page = browser.submit(page.form("/strong-client/reset", null));
            assertThat(page.body()).contains("Sign in with NU.ID as " + StrongClient.CLIENT_ID)
                    .doesNotContain("strong-step-1");
        }
    }

    /** RFC 9126 §5: the strong client's plain authorization request (no PAR) is refused, never issuing a code. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void theStrongClientCannotSkipPar(String name, DemoMain.Starter starter) throws Exception {
        try (RunningDemo demo = starter.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
            Browser browser = OAuthHttp.signIn(demo.origin(), DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD);
            Browser.Page answer = browser.getOnce(URI.create(demo.origin() + "/api/oauth/authorize?response_type=code"
                    + "&client_id=" + StrongClient.CLIENT_ID + "&scope=openid&state=s"
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
                    + "&redirect_uri=" + java.net.URLEncoder.encode(demo.origin() + "/strong-client/callback",
                            java.nio.charset.StandardCharsets.UTF_8)));
            String location = answer.header("Location");
            if (answer.status() / 100 == 3) {
                assertThat(location).contains("error=invalid_request").doesNotContain("code=");
            } else {
                assertThat(answer.status()).isBetween(400, 499);
                assertThat(answer.body()).contains("invalid_request");
            }
            // and a callback this client did not start is ignored
            Browser.Page stray = browser.getOnce(URI.create(demo.origin() + "/strong-client/callback?code=x&state=y"));
            assertThat(stray.status()).isEqualTo(400);
        }
    }

    /** No token, code or assertion in full: each masked value's prefix is never followed by more of it. */
    private static void assertNothingInFull(String html) {
        assertThat(FULL_JWT.matcher(html).find()).as("a whole JWT on the page").isFalse();
        Matcher masked = Pattern.compile("([A-Za-z0-9_.~+/-]{8})… \\(masked").matcher(html);
        int count = 0;
        while (masked.find()) {
            count++;
            assertThat(html).doesNotContainPattern(Pattern.quote(masked.group(1)) + "[A-Za-z0-9_.~+/=-]");
        }
        assertThat(count).as("masked values on the page").isGreaterThan(3);
    }

    private static String text(String html, String id) {
        String text = Browser.elementText(html, id);
        assertThat(text).as("#" + id + " on the page:\n" + html).isNotNull();
        return text;
    }

    private static String header(String response, String name) {
        for (String line : response.split("\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2).trim();
            }
        }
        return null;
    }

    private static Map<String, Object> json(String text) throws Exception {
        return JSONObjectUtils.parse(text);
    }
}
