package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import javax.net.ssl.SSLContext;

/**
 * A tiny scripted browser for the tests: real HTTP with {@link HttpClient}, a cookie jar, redirects
 * followed one hop at a time (each hop recorded), and HTML forms read from the page and submitted as
 * a browser would (hidden fields included).
 */
final class Browser {

    /** One response, with the URL it came from. */
    record Page(URI url, int status, String body, HttpResponse<String> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** The form whose action ends with {@code actionSuffix} and that contains {@code text}. */
        Form form(String actionSuffix, String text) {
            Matcher m = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL).matcher(body);
            List<String> seen = new ArrayList<>();
            while (m.find()) {
                String action = unescape(attribute(m.group(1), "action"));
                seen.add(action);
                if (action != null && action.endsWith(actionSuffix) && (text == null || m.group(2).contains(text))) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    Matcher input = Pattern.compile("<input\\b([^>]*)>").matcher(m.group(2));
                    while (input.find()) {
                        String type = attribute(input.group(1), "type");
                        String name = attribute(input.group(1), "name");
                        if (name != null && ("hidden".equals(type) || "text".equals(type))) {
                            fields.put(unescape(name), unescape(String.valueOf(attribute(input.group(1), "value"))));
                        }
                    }
                    return new Form(url.resolve(action), fields);
                }
            }
            throw new AssertionError("no form with action *" + actionSuffix + " containing " + text + " on " + url
                    + " (forms: " + seen + ")\n" + body);
        }
    }

    /** A form ready to submit; set or add fields first. */
    record Form(URI action, Map<String, String> fields) {
        Form with(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(fields);
            copy.put(name, value);
            return new Form(action, copy);
        }
    }

    final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    final List<URI> hops = new ArrayList<>();

    Browser() {
        this(null);
    }

    /** A browser that trusts what {@code ssl} trusts (for a demo on https); {@code null}: the JDK's default. */
    Browser(SSLContext ssl) {
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5));
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        http = builder.build();
    }

    /** GET without following redirects. */
    Page getOnce(URI url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .header("Accept-Language", "en").GET().build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Page(url, r.statusCode(), r.body(), r);
    }

    /** GET, following redirects. */
    Page get(URI url) throws IOException, InterruptedException {
        return follow(getOnce(url));
    }

    /** POST a form without following redirects. */
    Page submitOnce(Form form) throws IOException, InterruptedException {
        return postOnce(form.action(), form.fields());
    }

    /** POST a form, following redirects. */
    Page submit(Form form) throws IOException, InterruptedException {
        return follow(submitOnce(form));
    }

    Page postOnce(URI url, Map<String, String> fields) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Page(url, r.statusCode(), r.body(), r);
    }

    /** An API call with a bearer token. */
    HttpResponse<String> bearer(URI url, String token) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private Page follow(Page page) throws IOException, InterruptedException {
        for (int i = 0; i < 10 && page.status() / 100 == 3; i++) {
            String location = page.header("Location");
            assertThat(location).as("Location of the %d from %s", page.status(), page.url()).isNotNull();
            URI next = page.url().resolve(location);
            hops.add(next);
            page = getOnce(next);
        }
        return page;
    }

    static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? m.group(1) : null;
    }

    static String unescape(String s) {
        return s == null ? null : s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The text of the element with this id, unescaped. */
    static String elementText(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(html);
        return m.find() ? unescape(m.group(1)) : null;
    }
}
