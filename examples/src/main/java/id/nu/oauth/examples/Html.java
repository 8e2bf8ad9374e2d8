package id.nu.oauth.examples;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The demo's HTML: escaping, one page layout, and the security headers every page carries (the
 * same as the servlet adapter's consent page: a strict Content-Security-Policy with
 * {@code frame-ancestors 'none'}, {@code X-Frame-Options: DENY}, {@code Cache-Control: no-store},
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer}).
 *
 * <pre>{@code
 * Html.send(response, 200, "Signed in", "<p>Hello, " + Html.escape(name) + "</p>");
 * }</pre>
 */
final class Html {

    /** The one style sheet, inline; the policy allows exactly this text by its hash. */
    static final String STYLE = """
            :root{color-scheme:light;--ink:#1b2a24;--muted:#52625b;--line:#d5ded9;--accent:#0b6b3a;--bg:#f5f8f6}
            *{box-sizing:border-box}
            body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
            header{background:var(--accent);color:#fff;padding:.75rem 1.25rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
            header a{color:#fff}
            header .brand{font-weight:700;text-decoration:none;margin-right:auto}
            header form{margin:0}
            main{max-width:60rem;margin:1.5rem auto;padding:0 1.25rem}
            h1{font-size:1.6rem;margin:.5rem 0 1rem}
            h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
            h3{font-size:1rem;margin:0 0 .25rem}
            .card>h2:first-child{margin-top:0}
            .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;margin:0 0 1rem}
            .narrow{max-width:26rem}
            label{display:block;font-weight:600;margin:.75rem 0 .25rem}
            input[type=text],input[type=password]{width:100%;padding:.5rem .6rem;font:inherit;border:1px solid #8a9a93;border-radius:6px}
            input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #f2b705;outline-offset:2px}
            button,.button{display:inline-block;font:inherit;font-weight:600;padding:.5rem 1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none}
            button.secondary{background:#fff;color:var(--accent)}
            button.danger{background:#fff;color:#a1260d;border-color:#a1260d}
            .actions{display:flex;gap:.5rem;flex-wrap:wrap;margin-top:1rem}
            .actions form{margin:0}
            .error{border-left:4px solid #a1260d;background:#fdf0ed;padding:.5rem .75rem;margin:0 0 1rem}
            .ok{border-left:4px solid var(--accent);background:#eaf5ef;padding:.5rem .75rem;margin:0 0 1rem}
            .muted{color:var(--muted)}
            code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
            pre{background:#f0f3f1;border:1px solid var(--line);border-radius:6px;padding:.6rem .75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:.25rem 0 .75rem}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
            dt{font-weight:600}
            dd{margin:0;overflow-wrap:anywhere}
            label.check{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.25rem 0 .75rem}
            .jwt{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 1rem}
            .tag{display:inline-block;font-size:.75rem;font-weight:700;padding:0 .4rem;border-radius:4px;background:#e1ebe5;color:var(--accent);vertical-align:middle}
            """;

    /** The Content-Security-Policy of every demo page. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE)
            + "'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'";

    private Html() {
    }

    /**
     * Escapes text for HTML element content and quoted attribute values. The demo plays the host, so
     * it escapes its own pages as a host's templates would: the adapter's escaper is internal to the
     * consent page, and the library does not publish an HTML API.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Sets the security headers of a page that must never be framed, cached or sniffed. */
    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    /**
     * Sends a whole page.
     *
     * @param headerHtml the top bar's right side (already escaped HTML), such as the signed-in user
     * @param bodyHtml the page's main content (already escaped HTML)
     */
    static void send(HttpServletResponse response, int status, String title, String headerHtml, String bodyHtml)
            throws IOException {
        securityHeaders(response);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · nuid-oauth demo</title><style>" + STYLE + "</style></head>"
                + "<body><header><a class=\"brand\" href=\"/\">nuid-oauth demo portal</a>" + headerHtml
                + "</header><main id=\"main\">" + bodyHtml + "</main></body></html>\n");
    }

    /** A hidden form field. */
    static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
