package id.nu.oauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;

/** HTML pages the adapter writes itself: escaping, security headers, language, a shared shell. */
final class Html {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The page style, allowed by the nonce in the page's Content-Security-Policy. */
    static final String STYLE = "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
            + "background:#f4f6f5;color:#1b1f1d;margin:0;line-height:1.5}"
            + "main{max-width:32rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:.75rem;"
            + "box-shadow:0 1px 4px rgba(0,0,0,.12)}"
            + "h1{font-size:1.35rem;margin:0 0 1rem}ul{padding-left:1.25rem}li{margin:.35rem 0}"
            + "code{background:#eef1ef;padding:0 .25rem;border-radius:.25rem}"
            + ".actions{display:flex;gap:.75rem;margin-top:1.5rem;flex-wrap:wrap}"
            + "button{font:inherit;padding:.6rem 1.4rem;border-radius:.5rem;border:2px solid #0b6b3a;cursor:pointer}"
            + "button.approve{background:#0b6b3a;color:#fff}button.deny{background:#fff;color:#0b6b3a}"
            + "button:focus-visible{outline:3px solid #f2b705;outline-offset:2px}"
            + ".muted{color:#4a524e;font-size:.9rem}";

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
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce
                + "'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    /** The two languages of the built-in pages. */
    enum Lang {
        ID("id"), EN("en");

        final String tag;

        Lang(String tag) {
            this.tag = tag;
        }

        String pick(String indonesian, String english) {
            return this == ID ? indonesian : english;
        }
    }

    /**
     * The language of the built-in pages: the first of Bahasa Indonesia or English in the
     * browser's Accept-Language order; Bahasa Indonesia when neither is listed.
     */
    static Lang language(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return Lang.ID;
        }
        Enumeration<Locale> locales = request.getLocales();
        while (locales.hasMoreElements()) {
            String language = locales.nextElement().getLanguage();
            if (language.equals("id") || language.equals("in")) {
                return Lang.ID;
            }
            if (language.equals("en")) {
                return Lang.EN;
            }
        }
        return Lang.ID;
    }

    /** Writes a simple message page (errors) with the security headers. */
    static void messagePage(HttpServletResponse response, int status, Lang lang, String title, String message,
            String detail) throws IOException {
        String nonce = newNonce();
        response.setStatus(status);
        securityHeaders(response, nonce);
        StringBuilder page = new StringBuilder(1024);
        page.append(head(lang, title, nonce))
                .append("<h1>").append(escape(title)).append("</h1>\n<p>").append(escape(message)).append("</p>\n");
        if (detail != null) {
            page.append("<p class=\"muted\">").append(escape(detail)).append("</p>\n");
        }
        page.append("</main>\n</body>\n</html>\n");
        write(response, page.toString());
    }

    static String head(Lang lang, String title, String nonce) {
        return "<!DOCTYPE html>\n<html lang=\"" + lang.tag + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<title>" + escape(title) + "</title>\n"
                + "<style nonce=\"" + nonce + "\">" + STYLE + "</style>\n</head>\n<body>\n<main>\n";
    }

    static void write(HttpServletResponse response, String page) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
