package id.nu.oauth.servlet;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
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

/** A user agent over real HTTP: its own cookies, redirects never followed. */
final class Browser {

    static final String FORM = "application/x-www-form-urlencoded";

    private final HttpClient http;
    private final URI origin;
    private final String contextPath;

    Browser(TestContainer container) {
        this.origin = container.origin();
        this.contextPath = container.contextPath();
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** An absolute URL for a path inside the web application ("/api/oauth/token"). */
    URI app(String path) {
        return origin.resolve(contextPath + path);
    }

    /** An absolute URL for a server-root-relative Location. */
    URI resolve(String location) {
        return origin.resolve(location);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(app(path)).GET(), headers);
    }

    HttpResponse<String> getAbsolute(URI uri, String... headers) {
        return send(HttpRequest.newBuilder(uri).GET(), headers);
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(app(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, headers);
    }

    HttpResponse<String> postForm(String path, String body, String... headers) {
        return post(path, FORM, body, headers);
    }

    /** POSTs a form to a server-root-relative path, as a form's action attribute gives it. */
    HttpResponse<String> postFormAt(String serverPath, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(serverPath))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", FORM);
        return send(b, headers);
    }

    HttpResponse<String> method(String method, String path, String... headers) {
        return send(HttpRequest.newBuilder(app(path)).method(method, HttpRequest.BodyPublishers.noBody()), headers);
    }

    HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        builder.timeout(Duration.ofSeconds(20));
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Logs in at the test portal's login page (no return URL). */
    void login(String user) {
        HttpResponse<String> r = postForm("/login", form("user", user));
        if (r.statusCode() != 204) {
            throw new AssertionError("login failed: " + r.statusCode());
        }
    }

    void logout() {
        postForm("/logout", "");
    }

    static String form(String... namesAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(enc(namesAndValues[i])).append('=').append(enc(namesAndValues[i + 1]));
        }
        return out.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The query parameters of a URI (single values). */
    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The consent form found in a page: its action and its hidden fields, in order. */
    record Form(String action, List<Map.Entry<String, String>> hidden) {

        private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"");
        private static final Pattern HIDDEN = Pattern.compile(
                "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

        static Form parse(String html) {
            Matcher action = ACTION.matcher(html);
            if (!action.find()) {
                throw new AssertionError("no form in page:\n" + html);
            }
            List<Map.Entry<String, String>> hidden = new ArrayList<>();
            Matcher m = HIDDEN.matcher(html);
            while (m.find()) {
                hidden.add(Map.entry(unescape(m.group(1)), unescape(m.group(2))));
            }
            return new Form(unescape(action.group(1)), hidden);
        }

        String value(String name) {
            return hidden.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst()
                    .orElse(null);
        }

        /** The body the browser would post when a button with this decision is pressed. */
        String body(String decision) {
            return body(decision, null);
        }

        /** As {@link #body(String)}, with the CSRF field replaced ({@code null}: left out). */
        String bodyWithCsrf(String decision, String csrf) {
            return body(decision, csrf == null ? "" : csrf);
        }

        private String body(String decision, String csrfOverride) {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<String, String> e : hidden) {
                String value = e.getValue();
                if (e.getKey().equals(ConsentView.CSRF_FIELD) && csrfOverride != null) {
                    if (csrfOverride.isEmpty()) {
                        continue;
                    }
                    value = csrfOverride;
                }
                out.append(enc(e.getKey())).append('=').append(enc(value)).append('&');
            }
            return out.append(ConsentView.DECISION_FIELD).append('=').append(decision).toString();
        }

        private static String unescape(String s) {
            return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&");
        }
    }
}
