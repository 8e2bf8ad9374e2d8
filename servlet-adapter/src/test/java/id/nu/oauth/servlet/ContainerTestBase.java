package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts the test portal in one container for a whole test class; each suite runs once on Jetty
 * and once on Tomcat (the subclasses pick the container and a context path).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerTestBase {

    private static final AtomicInteger USERS = new AtomicInteger();

    private final TestContainer.Kind kind;
    private final String contextPath;
    TestPortal portal;
    TestContainer container;

    ContainerTestBase(TestContainer.Kind kind, String contextPath) {
        this.kind = kind;
        this.contextPath = contextPath;
    }

    @BeforeAll
    void startContainer() throws Exception {
        portal = new TestPortal();
        container = kind.start(contextPath, origin -> TestContainer.Mount.app(portal::install));
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    Browser browser() {
        return new Browser(container);
    }

    /** A browser with a fresh user logged in (fresh, so no consent is remembered yet). */
    Browser loggedIn() {
        Browser b = browser();
        b.login(newUser());
        return b;
    }

    static String newUser() {
        return "user-" + USERS.incrementAndGet();
    }

    static String authorizePath(String... params) {
        return "/api/oauth/authorize?" + Browser.form(params);
    }

    static String[] legacyParams(String state, String scope) {
        return new String[] {"response_type", "code", "client_id", TestPortal.LEGACY,
            "redirect_uri", TestPortal.LEGACY_REDIRECT, "state", state, "scope", scope};
    }

    /** Presses Approve (or Deny) on a consent page; returns the 303's Location. */
    static URI decide(Browser b, HttpResponse<String> consentPage, String decision) {
        assertThat(consentPage.statusCode()).as(consentPage.body()).isEqualTo(200);
        Browser.Form form = Browser.Form.parse(consentPage.body());
        HttpResponse<String> r = b.postFormAt(form.action(), form.body(decision));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303); // RFC 9700 §4.12: 303 after a POST
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    /** Runs authorize in a logged-in browser, approving consent if asked; returns the redirect. */
    static URI authorizeApproved(Browser b, String... params) {
        HttpResponse<String> r = b.get(authorizePath(params));
        if (r.statusCode() == 200) {
            return decide(b, r, ConsentView.APPROVE);
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    /** A code for the legacy client, for a fresh user. */
    String legacyCode(Browser b) {
        URI redirect = authorizeApproved(b, legacyParams("st", "profile"));
        String code = Browser.query(redirect).get("code");
        assertThat(code).as(redirect.toString()).isNotNull();
        return code;
    }

    static Map<String, Object> json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        try {
            return JSONObjectUtils.parse(r.body());
        } catch (ParseException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** RFC 6749 §5.1: token responses and errors are never cached. */
    static void assertNoStore(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    static void assertError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertNoStore(r);
        assertThat(json(r)).containsEntry("error", error).containsKey("error_description");
    }

    /** The headers every HTML page of the adapter carries. */
    static void assertHtmlSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("frame-ancestors 'none'").contains("default-src 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
}
