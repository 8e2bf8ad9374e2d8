package id.nu.oauth.servlet;

import static id.nu.oauth.servlet.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request edge over real HTTP (issue "the engine sees the whole HTTP request"): the fuzz cases
 * that once reached 500 (bad charsets, {@code ;;;}, truncated and malformed chunked bodies),
 * credentials in the URL of a POST, the authorization endpoint by POST, an opaque {@code state},
 * request objects. Every answer a 4xx with the RFC JSON body or the error page; never a 5xx.
 */
abstract class EdgeContract extends ContainerTestBase {

    private static final String TOKEN = "/api/oauth/token";
    private static final List<String> POST_ENDPOINTS = List.of(TOKEN, "/api/oauth/refreshAccessToken",
            "/api/oauth/revoke", "/api/oauth/introspect", "/api/oauth/userinfo");

    EdgeContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    private String machineForm() {
        return form("grant_type", "client_credentials", "client_id", TestPortal.MACHINE,
                "client_secret", TestPortal.MACHINE_SECRET);
    }

    @Test
    void credentialsInTheQueryOfAPostAreRefused_rfc6749_2_3_1_and_3_2() {
        HttpResponse<String> r = browser().post(TOKEN + "?" + machineForm(), "application/x-www-form-urlencoded", "");
        assertError(r, 400, "invalid_request");
        assertThat(r.body()).doesNotContain(TestPortal.MACHINE_SECRET);
        // the same request with the form in the body is served
        assertThat(browser().post(TOKEN, "application/x-www-form-urlencoded", machineForm()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownIllegalOrMalformedCharsetsAreClientErrors() { // the fuzz run's 500s
        Browser b = browser();
        for (String path : POST_ENDPOINTS) {
            for (String type : List.of("application/x-www-form-urlencoded; charset=ebcdic",
                    "application/x-www-form-urlencoded; charset=x-garbage", "application/x-www-form-urlencoded; charset=\"",
                    ";", ";;;")) {
                HttpResponse<String> r = b.post(path, type, machineForm());
                assertThat(r.statusCode()).as(path + " " + type).isIn(400, 415);
                assertThat(r.body()).as(path + " " + type).contains("\"error\":\"invalid_request\"");
            }
        }
    }

    /** A raw HTTP/1.1 exchange: what a strict client library would not send. */
    private String raw(String request) throws IOException {
        URI origin = container.origin();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(origin.getHost(), origin.getPort()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput(); // the body ends here, whatever its headers said
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // the server may close hard after answering
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private String path(String apiPath) {
        return container.contextPath() + apiPath;
    }

    private static int status(String response) {
        assertThat(response).startsWith("HTTP/1.1 ");
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void aBodyShorterThanItsContentLengthIsNeverAServerError() throws IOException {
        for (String endpoint : POST_ENDPOINTS) {
            String response = raw("POST " + path(endpoint) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\ngrant_type=cl");
            // Jetty and Tomcat may answer 400 themselves, or let the engine answer 400; never a 5xx
            if (!response.isEmpty()) {
                assertThat(status(response)).as(endpoint + ": " + response).isBetween(400, 499);
                assertThat(response).doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
    }

    @Test
    void aMalformedChunkedBodyIsNeverAServerError() throws IOException {
        for (String body : List.of("zz\r\nabc\r\n0\r\n\r\n", "5\r\ntoken=abc", "3\r\ntok", "-1\r\nx\r\n")) {
            String response = raw("POST " + path("/api/oauth/revoke") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
            if (!response.isEmpty()) {
                assertThat(status(response)).as(body + ": " + response).isBetween(400, 499);
                assertThat(response).doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
    }

    @Test
    void aRepeatedAuthorizationHeaderIs400() throws IOException {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((TestPortal.MACHINE + ":"
                + TestPortal.MACHINE_SECRET).getBytes(StandardCharsets.UTF_8));
        String body = "grant_type=client_credentials";
        String response = raw("POST " + path(TOKEN) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Authorization: " + basic + "\r\nAuthorization: " + basic + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(status(response)).isEqualTo(400);
        assertThat(response).contains("\"error\":\"invalid_request\"");
    }

    @Test
    void anOversizedBodyIs413AndClosesTheConnection() throws IOException { // RFC 9110 §15.5.14
        String response = raw("POST " + path("/api/oauth/revoke") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999\r\n\r\ntoken=x");
        assertThat(status(response)).isEqualTo(413);
        assertThat(response.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
    }

    @Test
    void theAuthorizationEndpointTakesAFormPost_oidcCore_3_1_2_1() {
        Browser b = loggedIn();
        HttpResponse<String> consent = b.post("/api/oauth/authorize", "application/x-www-form-urlencoded",
                form(legacyParams("posted", "profile")));
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200); // the consent page, as for a GET
        URI redirect = decide(b, consent, ConsentView.APPROVE);
        assertThat(Browser.query(redirect)).containsKey("code").containsEntry("state", "posted");
    }

    @Test
    void aUtf8StateIsEchoedByteForByte_rfc6749_4_1_2() {
        String state = "caf\u00e9 \u4e2d\u6587 & =";
        URI redirect = authorizeApproved(loggedIn(), legacyParams(state, "profile"));
        assertThat(Browser.query(redirect)).containsEntry("state", state).containsKey("code");
        assertThat(redirect.getRawQuery()).contains("state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)
                .replace("+", "%20"));
    }

    @Test
    void aStateWithControlCharactersGetsTheErrorPage_rfc6749_4_1_2_1() {
        HttpResponse<String> r = loggedIn().get(authorizePath(legacyParams("a\nb", "profile")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).contains("invalid_request");
    }

    @Test
    void anUnsignedRequestObjectIsRefusedOnThePageNotIgnored_rfc9101_10_1() {
        String[] params = legacyParams("st", "profile");
        String[] withRequest = java.util.Arrays.copyOf(params, params.length + 2);
        withRequest[params.length] = "request";
        withRequest[params.length + 1] = "eyJhbGciOiJub25lIn0.e30.";
        HttpResponse<String> r = loggedIn().get(authorizePath(withRequest));
        // the redirect URI inside an object that cannot be trusted is not trusted either: a page
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).contains("invalid_request_object");
    }

    @Test
    void theLoginReturnUrlBindsPromptLogin_oidcCore_3_1_2_1() {
        Browser b = loggedIn();
        portal.clock.advance(java.time.Duration.ofSeconds(10)); // the session is now older than the hand-off
        String[] params = legacyParams("st", "profile");
        String[] withPrompt = java.util.Arrays.copyOf(params, params.length + 2);
        withPrompt[params.length] = "prompt";
        withPrompt[params.length + 1] = "login";
        HttpResponse<String> r = b.get(authorizePath(withPrompt));
        assertThat(r.statusCode()).isEqualTo(302);
        String returnTo = Browser.query(URI.create(r.headers().firstValue("Location").orElseThrow())).get("return");
        assertThat(returnTo).contains("nuid_auth_after=").doesNotContain("prompt=login");
        // a host that skips its login form and sends the old session back gets the login again, not a code
        HttpResponse<String> again = b.get(returnTo.substring(container.contextPath().length()));
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.headers().firstValue("Location").orElseThrow()).contains("/login?return=");
    }
}
