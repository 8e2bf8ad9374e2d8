package id.nu.oauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in consent page: plain, accessible HTML in the view's language
 * ({@link ConsentView#locale()}: Bahasa Indonesia, English and Arabic are shipped, a host adds
 * more with {@link OAuthEndpoints.Builder#messages(String)}), right to left where the language is.
 * It shows the portal's name and logo, names the client, describes the requested scopes in plain
 * words ({@code openid}, {@code profile}, {@code email}, {@code phone}, {@code address},
 * {@code offline_access}; other scopes by their name), says who is signed in (with a "not you?"
 * link when the portal gives one), and offers Allow and Deny buttons in a CSRF-protected form.
 * Its brand comes from {@link OAuthEndpoints.Builder} ({@code portalName}, {@code logoUrl},
 * {@code brandColor}, {@code switchAccountUrl}).
 *
 * <pre>{@code
 * OAuthEndpoints.builder(server).userResolver(resolver).consentPage(new DefaultConsentPage()).build();
 * String words = DefaultConsentPage.describe("email", "en");   // "See your email address"
 * }</pre>
 */
public final class DefaultConsentPage implements ConsentPage {

    private final Pages pages;

    /** A page with the built-in texts (and, once given to {@link OAuthEndpoints.Builder}, its brand). */
    public DefaultConsentPage() {
        this(Pages.DEFAULT);
    }

    DefaultConsentPage(Pages pages) {
        this.pages = pages;
    }

    /**
     * The built-in plain-words description of a scope, or {@code null} for a scope the bundles do
     * not know.
     *
     * @param scope a scope such as {@code email}
     * @param language a BCP 47 tag such as {@code "id"}, {@code "en"} or {@code "ar"}; a language
     *     without built-in texts gets Bahasa Indonesia
     */
    public static String describe(String scope, String language) {
        Locale wish = Messages.DEFAULT.supported(Locale.forLanguageTag(language));
        return Messages.DEFAULT.text(wish != null ? wish : Messages.INDONESIAN, "scope." + scope,
                Pages.DEFAULT_PORTAL_NAME);
    }

    @Override
    public void render(ConsentView view, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Locale lang = view.locale();
        Messages texts = pages.messages;
        String title = pages.text(lang, "consent.title");
        StringBuilder page = new StringBuilder(4096);
        page.append(pages.head(request, lang, title + " \u2013 " + view.clientName(), view.cspNonce()));
        // <bdi>: a name in another script keeps its own direction (an English name in an Arabic sentence)
        page.append("<h1 id=\"consent-title\">").append(Messages.fill(Html.escape(pages.text(lang, "consent.heading")),
                "<strong><bdi>" + Html.escape(view.clientName()) + "</bdi></strong>",
                "<bdi>" + Html.escape(pages.portalName()) + "</bdi>"))
                .append("</h1>\n");
        if (view.scopes().isEmpty()) {
            page.append("<p>").append(Html.escape(pages.text(lang, "consent.noScopes"))).append("</p>\n");
        } else {
            page.append("<p id=\"scopes-intro\">").append(Html.escape(pages.text(lang, "consent.scopesIntro")))
                    .append("</p>\n<ul aria-labelledby=\"scopes-intro\">\n");
            for (String scope : view.scopes()) {
                String words = texts.text(lang, "scope." + scope, pages.portalName());
                page.append("<li>");
                if (words != null) {
                    page.append(Html.escape(words)).append(" <span class=\"muted\">(<code>")
                            .append(Html.escape(scope)).append("</code>)</span>");
                } else {
                    page.append(Messages.fill(Html.escape(pages.text(lang, "consent.permission")),
                            "<code>" + Html.escape(scope) + "</code>"));
                }
                page.append("</li>\n");
            }
            page.append("</ul>\n");
        }
        page.append("<form method=\"post\" action=\"").append(Html.escape(view.formAction()))
                .append("\" aria-labelledby=\"consent-title\">\n");
        for (Map.Entry<String, List<String>> field : view.hiddenFields().entrySet()) {
            for (String value : field.getValue()) {
                page.append("<input type=\"hidden\" name=\"").append(Html.escape(field.getKey()))
                        .append("\" value=\"").append(Html.escape(value)).append("\">\n");
            }
        }
        page.append("<div class=\"actions\">\n<button type=\"submit\" class=\"approve\" name=\"")
                .append(ConsentView.DECISION_FIELD).append("\" value=\"").append(ConsentView.APPROVE).append("\">")
                .append(Html.escape(pages.text(lang, "consent.allow"))).append("</button>\n")
                .append("<button type=\"submit\" class=\"deny\" name=\"").append(ConsentView.DECISION_FIELD)
                .append("\" value=\"").append(ConsentView.DENY).append("\">")
                .append(Html.escape(pages.text(lang, "consent.deny"))).append("</button>\n</div>\n</form>\n");
        if (view.userName() != null) {
            page.append("<p class=\"muted\" id=\"signed-in\">").append(Messages.fill(
                    Html.escape(pages.text(lang, "consent.signedInAs")),
                    "<strong><bdi>" + Html.escape(view.userName()) + "</bdi></strong>"));
            String switchAccount = pages.switchAccountUrl(request);
            if (switchAccount != null) {
                page.append(" <a href=\"").append(Html.escape(switchAccount)).append("\">")
                        .append(Html.escape(pages.text(lang, "consent.notYou"))).append("</a>");
            }
            page.append("</p>\n");
        }
        page.append("<p class=\"muted\">").append(Html.escape(pages.text(lang, "consent.clientId")))
                .append(" <code dir=\"ltr\">").append(Html.escape(view.clientId())).append("</code></p>\n");
        page.append("</main>\n</body>\n</html>\n");
        Html.write(response, page.toString());
    }
}
