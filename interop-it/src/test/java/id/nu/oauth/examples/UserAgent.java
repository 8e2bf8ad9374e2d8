package id.nu.oauth.examples;

import id.nu.oauth.servlet.ConsentView;
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
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The person at the browser, over plain HTTP: opens a URL the client library built (an authorization
 * or end-session request), signs in on the demo's login form when sent there, approves the consent
 * page, and stops at the first answer that leaves the portal: a redirect to the client, or a
 * {@code form_post} page. A cookie jar keeps the portal's session between calls, as a browser would.
 *
 * <pre>{@code
 * UserAgent browser = new UserAgent(origin, "interop", "interop-password-1", null);
 * UserAgent.Answer answer = browser.open(authorizationRequestUri);
 * URI callback = URI.create(answer.location());
 * }</pre>
 */
final class UserAgent {

    /**
     * Where the user agent stopped: a redirect away from the portal ({@code location}), a form that posts
     * away from it ({@code formAction} and {@code formFields}: the form_post response mode), or any other
     * page ({@code body}).
     */
    record Answer(int status, String location, String formAction, Map<String, String> formFields, String body) {

        /** For the Node script: {"status", "location"} or {"status", "form": {"action", "fields"}}. */
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", status);
            if (location != null) {
                json.put("location", location);
            }
            if (formAction != null) {
                json.put("form", Map.of("action", formAction, "fields", formFields));
            }
            if (location == null && formAction == null) {
                json.put("body", body.length() > 2000 ? body.substring(0, 2000) : body);
            }
            return json;
        }
    }

    private record Form(URI action, Map<String, String> fields, String inner) {
    }

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>");

    private final URI origin;
    private final String username;
    private final String password;
    private final HttpClient http;
    /** Every URL it was sent to, for failure messages. */
    private final List<URI> hops = new ArrayList<>();

    /** @param ssl what to trust for a portal on https, or {@code null}: the JDK's default */
    UserAgent(URI origin, String username, String password, SSLContext ssl) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.username = username;
        this.password = password;
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5));
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** Opens {@code url}, signing in and consenting on the way, until the answer leaves the portal. */
    Answer open(URI url) throws IOException, InterruptedException {
        return open(url, null);
    }

    /**
     * The same, also stopping at a redirect to a URL that starts with {@code stopAt} (a page of the
     * portal's own origin that belongs to the client, such as its post-logout page), if not null.
     */
    synchronized Answer open(URI url, String stopAt) throws IOException, InterruptedException {
        hops.clear();
        HttpResponse<String> response = get(url);
        for (int step = 0; step < 12; step++) {
            int status = response.statusCode();
            URI here = response.uri();
            if (status >= 500) {
                throw new AssertionError("the portal answered " + status + " at " + here + ": " + response.body());
            }
            if (status / 100 == 3) {
                String location = response.headers().firstValue("Location").orElseThrow(
                        () -> new AssertionError(status + " without a Location from " + here));
                URI next = here.resolve(location);
                if (!sameOrigin(next) || (stopAt != null && next.toString().startsWith(stopAt))) {
                    return new Answer(status, next.toString(), null, null, response.body());
                }
                response = get(next);
                continue;
            }
            if (status == 200) {
                List<Form> forms = forms(here, response.body());
                Form login = find(forms, "name=\"password\"");
                if (login != null) {
                    Map<String, String> fields = new LinkedHashMap<>(login.fields());
                    fields.put("username", username);
                    fields.put("password", password);
                    response = post(login.action(), fields);
                    continue;
                }
                Form consent = find(forms, "name=\"" + ConsentView.DECISION_FIELD + "\"");
                if (consent != null) {
                    Map<String, String> fields = new LinkedHashMap<>(consent.fields());
                    fields.put(ConsentView.DECISION_FIELD, ConsentView.APPROVE);
                    response = post(consent.action(), fields);
                    continue;
                }
                if (forms.size() == 1 && !sameOrigin(forms.get(0).action())) {
                    return new Answer(status, null, forms.get(0).action().toString(), forms.get(0).fields(),
                            response.body());
                }
            }
            return new Answer(status, null, null, null, response.body());
        }
        throw new AssertionError("more than 12 steps: " + hops);
    }

    private boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), origin.getScheme()) && Objects.equals(uri.getHost(), origin.getHost())
                && uri.getPort() == origin.getPort();
    }

    private HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        hops.add(url);
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).header("Accept-Language", "en")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI url, Map<String, String> fields) throws IOException, InterruptedException {
        hops.add(url);
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Form find(List<Form> forms, String text) {
        return forms.stream().filter(f -> f.inner().contains(text)).findFirst().orElse(null);
    }

    /** The page's forms, with their hidden and text fields as a browser would submit them. */
    private static List<Form> forms(URI page, String html) {
        List<Form> forms = new ArrayList<>();
        Matcher m = FORM.matcher(html);
        while (m.find()) {
            String action = unescape(attribute(m.group(1), "action"));
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher input = INPUT.matcher(m.group(2));
            while (input.find()) {
                String type = attribute(input.group(1), "type");
                String name = attribute(input.group(1), "name");
                if (name != null && ("hidden".equals(type) || "text".equals(type))) {
                    String value = attribute(input.group(1), "value");
                    fields.put(unescape(name), value == null ? "" : unescape(value));
                }
            }
            forms.add(new Form(action == null || action.isEmpty() ? page : page.resolve(action), fields, m.group(2)));
        }
        return forms;
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? m.group(1) : null;
    }

    private static String unescape(String s) {
        return s == null ? null : s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }
}
