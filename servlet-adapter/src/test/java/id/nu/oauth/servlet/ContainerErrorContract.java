package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container's own refusals, over a raw socket, with the adapter's error handler installed
 * ({@link JettyErrorHandler}, {@link TomcatErrorReportValve}): the status stays the container's
 * choice, the body is the engine's JSON error under the API path and a small HTML page elsewhere,
 * and nothing names the server, shows a stack trace or repeats the request.
 *
 * <p>What each container really does is in {@link Expect}: Jetty answers oversized headers with
 * 431 and an over-long request line with 414; Tomcat answers both with 400. Where a container
 * could not read the request line it does not know the path, and the answer is the HTML page
 * even for an API URL (both containers for a URL too long; Jetty also for an unknown version).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerErrorContract {

    /**
     * The container's own choices.
     *
     * @param headersTooLarge its status for headers over its limit
     * @param urlTooLong its status for a request line over its limit
     * @param readsPathBeforeVersion whether it still knows the path when it refuses the HTTP version
     */
    record Expect(int headersTooLarge, int urlTooLong, boolean readsPathBeforeVersion) {
        static final Expect JETTY = new Expect(431, 414, false);
        static final Expect TOMCAT = new Expect(400, 400, true);
    }

    /** Both containers read at most 8 KiB of request line and headers by default. */
    private static final int OVER_LIMIT = 10_000;
    private static final String MARKER = "marker7f3a";

    private final ErrorHandlingHost.Kind kind;
    private final String contextPath;
    private final Expect expect;
    private ErrorHandlingHost host;

    ContainerErrorContract(ErrorHandlingHost.Kind kind, String contextPath, Expect expect) {
        this.kind = kind;
        this.contextPath = contextPath;
        this.expect = expect;
    }

    @BeforeAll
    void start() throws Exception {
        host = kind.start(contextPath, true);
    }

    @AfterAll
    void stop() throws Exception {
        if (host != null) {
            host.stop();
        }
    }

    private String api() {
        return contextPath + "/api/oauth/jwks";
    }

    private String page() {
        return contextPath + "/login";
    }

    private RawHttp.Response get(String target, String version, String... headerLines) throws Exception {
        return RawHttp.exchange(host.port(), RawHttp.get(target, version, headerLines));
    }

    private static String[] oversizedHeaders() {
        return new String[] {"Host: 127.0.0.1", "X-" + MARKER + ": " + "m".repeat(OVER_LIMIT)};
    }

    // ---- a request the container takes is none of the handler's business ---------------------

    @Test
    void wellFormedRequestIsAnsweredByTheApplication() throws Exception {
        RawHttp.Response r = get(api(), "HTTP/1.1", "Host: 127.0.0.1");
        assertThat(r.status()).as(r.dump()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
    }

    // ---- oversized headers: RFC 6585 §5 (431) -------------------------------------------------

    @Test
    void headersOverTheLimitOnAnApiPathAreJson() throws Exception { // RFC 6585 §5
        RawHttp.Response r = get(api(), "HTTP/1.1", oversizedHeaders());
        assertJsonError(r, expect.headersTooLarge());
        assertNothingLeaks(r);
        if (expect.headersTooLarge() == 431) {
            assertThat(json(r)).containsEntry("error_description", "the request headers are too large");
        }
    }

    @Test
    void headersOverTheLimitElsewhereAreAnHtmlPage() throws Exception { // RFC 6585 §5
        RawHttp.Response r = get(page(), "HTTP/1.1", oversizedHeaders());
        assertHtmlPage(r, expect.headersTooLarge());
        assertNothingLeaks(r);
    }

    @Test
    void headGetsTheStatusAndHeadersWithoutABody() throws Exception { // RFC 9110 §9.3.2
        String head = RawHttp.get(api(), "HTTP/1.1", oversizedHeaders()).replaceFirst("GET", "HEAD");
        RawHttp.Response r = RawHttp.exchange(host.port(), head);
        assertThat(r.status()).as(r.dump()).isEqualTo(expect.headersTooLarge());
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).isEmpty();
    }

    // ---- a URL too long: RFC 9110 §15.5.15 (414) ----------------------------------------------

    @Test
    void urlOverTheLimitIsRefusedWithAnHtmlPageAsItsPathIsUnread() throws Exception { // RFC 9110 §15.5.15
        RawHttp.Response r = get(api() + "?" + MARKER + "=" + "q".repeat(OVER_LIMIT), "HTTP/1.1", "Host: 127.0.0.1");
        assertHtmlPage(r, expect.urlTooLong());
        assertNothingLeaks(r);
    }

    // ---- Host: RFC 9112 §3.2 (400 for a missing, repeated or invalid Host) --------------------

    @Test
    void invalidHostOnAnApiPathIsJson400() throws Exception { // RFC 9112 §3.2
        RawHttp.Response r = get(api(), "HTTP/1.1", "Host: bad host");
        assertJsonError(r, 400);
        assertNothingLeaks(r);
        assertThat(r.body()).doesNotContain("bad host");
    }

    @Test
    void twoHostHeadersOnAnApiPathAreJson400() throws Exception { // RFC 9112 §3.2
        RawHttp.Response r = get(api(), "HTTP/1.1", "Host: 127.0.0.1", "Host: " + MARKER + ".example");
        assertJsonError(r, 400);
        assertNothingLeaks(r);
    }

    @Test
    void missingHostOnAnApiPathIsJson400() throws Exception { // RFC 9112 §3.2
        RawHttp.Response r = get(api(), "HTTP/1.1");
        assertJsonError(r, 400);
        assertNothingLeaks(r);
    }

    @Test
    void invalidHostElsewhereIsAnHtmlPage() throws Exception { // RFC 9112 §3.2
        RawHttp.Response r = get(page(), "HTTP/1.1", "Host: bad host");
        assertHtmlPage(r, 400);
        assertNothingLeaks(r);
        assertThat(r.body()).doesNotContain("bad host");
    }

    // ---- an HTTP version the container does not speak: RFC 9110 §15.6.6 (505) -----------------

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.7", "HTTP/3.0"})
    void unknownHttpVersionOnAnApiPathIs505(String version) throws Exception { // RFC 9110 §15.6.6
        RawHttp.Response r = get(api(), version, "Host: 127.0.0.1");
        if (expect.readsPathBeforeVersion()) {
            assertJsonError(r, 505);
            assertThat(json(r)).containsEntry("error_description", "this HTTP version is not supported");
        } else {
            assertHtmlPage(r, 505);
        }
        assertNothingLeaks(r);
    }

    @Test
    void unknownHttpVersionElsewhereIsAnHtmlPage() throws Exception { // RFC 9110 §15.6.6
        RawHttp.Response r = get(page(), "HTTP/1.7", "Host: 127.0.0.1");
        assertHtmlPage(r, 505);
        assertNothingLeaks(r);
    }

    // ---- the web application's own failures reach the same handler ----------------------------

    @Test
    void exceptionInTheApplicationIs500WithoutTheException() throws Exception {
        RawHttp.Response api = get(contextPath + "/api/boom", "HTTP/1.1", "Host: 127.0.0.1");
        assertThat(api.status()).as(api.dump()).isEqualTo(500);
        assertThat(json(api)).containsEntry("error", "server_error");
        assertNothingLeaks(api);
        RawHttp.Response html = get(contextPath + "/boom", "HTTP/1.1", "Host: 127.0.0.1");
        assertHtmlPage(html, 500);
        assertNothingLeaks(html);
    }

    @Test
    void sendErrorInTheApplicationKeepsItsStatusWithoutItsMessage() throws Exception {
        RawHttp.Response api = get(contextPath + "/api/busy", "HTTP/1.1", "Host: 127.0.0.1");
        assertThat(api.status()).as(api.dump()).isEqualTo(503);
        assertThat(json(api)).containsEntry("error", "temporarily_unavailable");
        assertNothingLeaks(api);
        RawHttp.Response html = get(contextPath + "/busy", "HTTP/1.1", "Host: 127.0.0.1");
        assertHtmlPage(html, 503);
        assertNothingLeaks(html);
    }

    @Test
    void pathOutsideEveryContextIsA404Page() throws Exception {
        assumeFalse(contextPath.isEmpty(), "the root context takes every path");
        RawHttp.Response r = get("/elsewhere", "HTTP/1.1", "Host: 127.0.0.1");
        assertHtmlPage(r, 404);
        assertNothingLeaks(r);
    }

    // ---- assertions ---------------------------------------------------------------------------

    /** The engine's error: its JSON, no caching; the status is the container's. */
    private static void assertJsonError(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.dump()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.dump()).startsWith("application/json");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(json(r)).containsEntry("error", "invalid_request").containsKey("error_description");
    }

    private static void assertHtmlPage(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.dump()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.dump()).isEqualToIgnoringCase("text/html;charset=UTF-8");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("<h1>Error " + status + "</h1>");
    }

    /** No server name or version, no stack trace, nothing of the request, in any header or the body. */
    private static void assertNothingLeaks(RawHttp.Response r) {
        assertThat(r.header("Server")).as(r.dump()).isNull();
        assertThat(r.header("X-Powered-By")).as(r.dump()).isNull();
        StringBuilder all = new StringBuilder(r.body());
        r.headers().forEach(h -> all.append('\n').append(h[0]).append(": ").append(h[1]));
        String text = all.toString().toLowerCase(Locale.ROOT);
        for (String leak : List.of("jetty", "tomcat", "apache", "eclipse", "12.1", "11.0", "exception", "\tat ",
                ".java", ErrorHandlingHost.SECRET, MARKER, "mmmmmmmm", "qqqqqqqq")) {
            assertThat(text).as(r.dump()).doesNotContain(leak);
        }
    }

    private static Map<String, Object> json(RawHttp.Response r) {
        try {
            return JSONObjectUtils.parse(r.body());
        } catch (ParseException e) {
            throw new AssertionError("not JSON: " + r.dump(), e);
        }
    }
}
