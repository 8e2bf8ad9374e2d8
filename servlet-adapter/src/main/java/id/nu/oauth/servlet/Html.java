package id.nu.oauth.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** HTML helpers of the adapter's pages: escaping, nonces, security headers, the style sheet. */
final class Html {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The page style in the portal's colour (a validated {@code #rrggbb}), allowed by the page's nonce. */
    static String style(String color) {
        return "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"Noto Sans Arabic\",sans-serif;"
                + "background:#f4f6f5;color:#1b1f1d;margin:0;line-height:1.5}"
                + "main{max-width:32rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:.75rem;"
                + "box-shadow:0 1px 4px rgba(0,0,0,.12);border-top:4px solid " + color + "}"
                + ".brand{display:flex;align-items:center;gap:.6rem;margin:0 0 1rem;font-weight:600;color:" + color + "}"
                + "h1{font-size:1.35rem;margin:0 0 1rem}ul{padding-inline-start:1.25rem}li{margin:.35rem 0}"
                + "code{background:#eef1ef;padding:0 .25rem;border-radius:.25rem}"
                + ".actions{display:flex;gap:.75rem;margin-top:1.5rem;flex-wrap:wrap}"
                + "button{font:inherit;padding:.6rem 1.4rem;border-radius:.5rem;border:2px solid " + color + ";cursor:pointer}"
                + "button.approve{background:" + color + ";color:#fff}button.deny{background:#fff;color:" + color + "}"
                + "button:focus-visible,a:focus-visible{outline:3px solid #f2b705;outline-offset:2px}"
                + "a{color:" + color + "}.muted{color:#4a524e;font-size:.9rem}";
    }

    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7F) {
                        out.append("&#xFFFD;");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A fresh random nonce for the Content-Security-Policy. */
    static String newNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The headers every HTML page carries: a strict Content-Security-Policy that forbids framing,
     * X-Frame-Options for old browsers, no caching, no sniffing, no referrer. There is
     * deliberately no {@code form-action}: browsers apply it to the redirect that follows the
     * consent form, which goes to the client.
     */
    static void securityHeaders(HttpServletResponse response, String nonce) {
        securityHeaders(response, nonce, null);
    }

    /** {@link #securityHeaders(HttpServletResponse, String)}, with one more image origin (the portal's logo). */
    static void securityHeaders(HttpServletResponse response, String nonce, String imageOrigin) {
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce
                + "'; img-src 'self' data:" + (imageOrigin == null ? "" : " " + imageOrigin)
                + "; base-uri 'none'; frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    static void write(HttpServletResponse response, String page) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
