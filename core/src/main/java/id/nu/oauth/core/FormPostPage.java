package id.nu.oauth.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The page of the OAuth 2.0 Form Post Response Mode (§2): an HTML form that posts the response
 * parameters to the client's redirect URI, submitted by one inline script that the page's
 * Content-Security-Policy allows by its SHA-256 hash (CSP Level 2 §4.2.5), so no other script can
 * run. The same protections as the consent page: no framing, no caching, no referrer.
 */
final class FormPostPage {

    /** The one script, exactly as it stands in the page (its hash is in the CSP). */
    private static final String SCRIPT = "document.forms[0].submit();";

    private static final String SCRIPT_HASH = "'sha256-" + sha256(SCRIPT) + "'";

    private FormPostPage() {
    }

    /**
     * The page's headers. Deliberately no {@code form-action}: browsers apply it to every redirect
     * that follows the submission too, and a client's callback may well redirect to another origin
     * (the consent page leaves it out for the same reason). Nothing but the hashed script runs here,
     * and every value is escaped, so the form cannot be retargeted.
     */
    static Map<String, String> headers() {
        return Map.of(
                "Content-Type", "text/html;charset=UTF-8",
                "Content-Security-Policy", "default-src 'none'; script-src " + SCRIPT_HASH
                        + "; base-uri 'none'; frame-ancestors 'none'",
                "X-Frame-Options", "DENY",
                "Cache-Control", "no-store",
                "Pragma", "no-cache",
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer");
    }

    static String html(URI action, Map<String, String> parameters) {
        StringBuilder page = new StringBuilder(1024);
        page.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n<title>Submit This Form</title>\n")
                .append("</head>\n<body>\n<form method=\"post\" action=\"").append(escape(action.toString()))
                .append("\">\n");
        parameters.forEach((name, value) -> page.append("<input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">\n"));
        page.append("<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n<script>")
                .append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    /** Escapes text for a quoted HTML attribute value. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
