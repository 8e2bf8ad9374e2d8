package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthenticatedUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How the built-in pages look and speak: the texts ({@link Messages}), the language choice, and
 * the portal's brand (name, logo, colour, a "not you?" link). Built by {@link OAuthEndpoints.Builder}.
 */
final class Pages {

    static final String DEFAULT_PORTAL_NAME = "NU.ID";
    static final String DEFAULT_COLOR = "#0b6b3a";

    static final Pages DEFAULT = new Pages(Messages.DEFAULT, DEFAULT_PORTAL_NAME, null, DEFAULT_COLOR, null,
            request -> null, Messages.INDONESIAN, (request, user) -> user.subject());

    final Messages messages;
    private final String portalName;
    private final String logoUrl;
    private final String color;
    private final String switchAccountUrl;
    private final Function<HttpServletRequest, Locale> portalLocale;
    private final Locale defaultLocale;
    private final BiFunction<HttpServletRequest, AuthenticatedUser, String> displayName;

    Pages(Messages messages, String portalName, String logoUrl, String color, String switchAccountUrl,
            Function<HttpServletRequest, Locale> portalLocale, Locale defaultLocale,
            BiFunction<HttpServletRequest, AuthenticatedUser, String> displayName) {
        this.messages = messages;
        this.portalName = portalName;
        this.logoUrl = logoUrl;
        this.color = color;
        this.switchAccountUrl = switchAccountUrl;
        this.portalLocale = portalLocale;
        this.defaultLocale = defaultLocale;
        this.displayName = displayName;
    }

    String portalName() {
        return portalName;
    }

    /** The language of a page answering this request (see {@link LocaleChoice}). */
    Locale locale(HttpServletRequest request, Map<String, List<String>> parameters) {
        List<String> ui = parameters == null ? null : parameters.get("ui_locales");
        return LocaleChoice.choose(messages, ui != null && ui.size() == 1 ? ui.get(0) : null,
                portalLocale.apply(request), LocaleChoice.accepted(request), defaultLocale);
    }

    /** The name the consent page greets the user by, or {@code null} for nobody. */
    String displayName(HttpServletRequest request, AuthenticatedUser user) {
        if (user == null) {
            return null;
        }
        String name = displayName.apply(request, user);
        return name == null || name.isBlank() ? user.subject() : name;
    }

    /** The host's switch-account or logout URL for this request, or {@code null}. */
    String switchAccountUrl(HttpServletRequest request) {
        return switchAccountUrl == null ? null : contextRelative(request, switchAccountUrl);
    }

    String text(Locale locale, String key, String... arguments) {
        return messages.required(locale, key, arguments);
    }

    /** The security headers, the logo's origin allowed as an image source. */
    void securityHeaders(HttpServletResponse response, String nonce) {
        Html.securityHeaders(response, nonce, logoUrl != null && logoUrl.startsWith("https://") ? origin(logoUrl) : null);
    }

    /** From {@code <!DOCTYPE html>} to the opened {@code <main>}, with the portal's brand at the top. */
    String head(HttpServletRequest request, Locale locale, String title, String nonce) {
        StringBuilder head = new StringBuilder(2048);
        head.append("<!DOCTYPE html>\n<html lang=\"").append(Html.escape(locale.toLanguageTag()))
                .append("\" dir=\"").append(LocaleChoice.direction(locale)).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style nonce=\"").append(nonce).append("\">").append(Html.style(color))
                .append("</style>\n</head>\n<body>\n<main>\n<header class=\"brand\">");
        if (logoUrl != null) {
            head.append("<img src=\"").append(Html.escape(contextRelative(request, logoUrl)))
                    .append("\" alt=\"\" height=\"32\">");
        }
        head.append("<span class=\"portal\">").append(Html.escape(portalName)).append("</span></header>\n");
        return head.toString();
    }

    /** Writes a simple message page (errors) with the security headers. */
    void messagePage(HttpServletRequest request, HttpServletResponse response, int status, Locale locale,
            String title, String message, String detailLabel, String detail) throws IOException {
        String nonce = Html.newNonce();
        response.setStatus(status);
        securityHeaders(response, nonce);
        StringBuilder page = new StringBuilder(2048);
        page.append(head(request, locale, title, nonce))
                .append("<h1>").append(Html.escape(title)).append("</h1>\n<p>").append(Html.escape(message)).append("</p>\n");
        Object reference = request.getAttribute(OAuthServlet.CORRELATION_ATTRIBUTE);
        if (reference instanceof String id) {
            // what the user quotes to a helpdesk: the id of this request in the server's logs
            page.append("<p class=\"muted\">").append(Html.escape(text(locale, "page.reference")))
                    .append(" <code class=\"reference\" dir=\"ltr\">").append(Html.escape(id)).append("</code></p>\n");
        }
        if (detail != null) {
            // the engine's description is English: marked so, and kept left to right in a right-to-left page
            page.append("<p class=\"muted\">").append(Html.escape(detailLabel)).append(" <code lang=\"en\" dir=\"ltr\">")
                    .append(Html.escape(detail)).append("</code></p>\n");
        }
        page.append("</main>\n</body>\n</html>\n");
        Html.write(response, page.toString());
    }

    /** A configured path is inside the web application (the context path goes in front); a URL stays. */
    private static String contextRelative(HttpServletRequest request, String configured) {
        return configured.startsWith("/") ? request.getServletContext().getContextPath() + configured : configured;
    }

    private static String origin(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
