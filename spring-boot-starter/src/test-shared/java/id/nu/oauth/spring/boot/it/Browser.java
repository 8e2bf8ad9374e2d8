package id.nu.oauth.spring.boot.it;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser with cookies that follows no redirects, so the test sees every hop. */
final class Browser {

    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"");
    private static final Pattern SPRING_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]*)\"");

    private final URI origin;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    Browser(int port) {
        this.origin = URI.create("http://127.0.0.1:" + port);
    }

    URI url(String pathOrUrl) {
        return origin.resolve(pathOrUrl);
    }

    HttpResponse<String> get(String pathOrUrl) throws Exception {
        return http.send(HttpRequest.newBuilder(url(pathOrUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathOrUrl, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(url(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location in a " + response.statusCode() + " answer"));
    }

    /** Spring Security's CSRF token in its login page. */
    static String springCsrf(String html) {
        Matcher m = SPRING_CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no _csrf field in " + html);
        }
        return unescape(m.group(1));
    }

    static String formAction(String html) {
        Matcher m = ACTION.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form in " + html);
        }
        return unescape(m.group(1));
    }

    static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return fields;
    }

    static String form(Map<String, String> fields, String... more) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(enc(k) + "=" + enc(v)));
        for (int i = 0; i < more.length; i += 2) {
            pairs.add(enc(more[i]) + "=" + enc(more[i + 1]));
        }
        return String.join("&", pairs);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }
}
