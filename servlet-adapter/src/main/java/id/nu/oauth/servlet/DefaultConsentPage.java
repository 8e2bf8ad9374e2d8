package id.nu.oauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The built-in consent page: plain, accessible HTML in Bahasa Indonesia or English (the first of
 * the two in the browser's {@code Accept-Language}; Bahasa Indonesia otherwise). It names the
 * client, describes the requested scopes in plain words ({@code openid}, {@code profile},
 * {@code email}, {@code phone}, {@code address}, {@code offline_access}; other scopes by their
 * name), and offers Approve and Deny buttons in a CSRF-protected form.
 *
 * <pre>{@code
 * OAuthEndpoints.builder(server).userResolver(resolver).consentPage(new DefaultConsentPage()).build();
 * String words = DefaultConsentPage.describe("email", "en");   // "Your email address"
 * }</pre>
 */
public final class DefaultConsentPage implements ConsentPage {

    /** Scope descriptions: {Indonesian, English}. */
    private static final Map<String, String[]> SCOPES = Map.of(
            "openid", new String[] {"Mengetahui identitas akun NU.ID Anda",
                "Know who you are (your NU.ID account identifier)"},
            "profile", new String[] {"Melihat profil dasar Anda: nama, foto, dan data sejenis",
                "See your basic profile: name, picture and similar details"},
            "email", new String[] {"Melihat alamat email Anda", "See your email address"},
            "phone", new String[] {"Melihat nomor telepon Anda", "See your phone number"},
            "address", new String[] {"Melihat alamat pos Anda", "See your postal address"},
            "offline_access", new String[] {"Tetap mengakses data ini saat Anda tidak sedang menggunakannya",
                "Keep access to this data when you are not using the application"});

    /** A page with the built-in texts. */
    public DefaultConsentPage() {
    }

    /**
     * The plain-words description of a scope, or {@code null} for a scope the table does not know.
     *
     * @param scope a scope such as {@code email}
     * @param language {@code "id"} for Bahasa Indonesia, anything else for English
     */
    public static String describe(String scope, String language) {
        String[] texts = SCOPES.get(scope);
        if (texts == null) {
            return null;
        }
        return "id".equals(language) || "in".equals(language) ? texts[0] : texts[1];
    }

    @Override
    public void render(ConsentView view, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Html.Lang lang = Html.language(request);
        String client = Html.escape(view.clientName());
        String title = lang.pick("Izinkan akses ke akun Anda?", "Allow access to your account?");
        StringBuilder page = new StringBuilder(4096);
        page.append(Html.head(lang, title + " \u2013 " + view.clientName(), view.cspNonce()));
        page.append("<h1 id=\"consent-title\">").append(lang.pick(
                "<strong>" + client + "</strong> meminta akses ke akun NU.ID Anda",
                "<strong>" + client + "</strong> is asking for access to your NU.ID account")).append("</h1>\n");
        if (view.scopes().isEmpty()) {
            page.append("<p>").append(lang.pick("Aplikasi ini tidak meminta data tambahan.",
                    "This application asks for no additional data.")).append("</p>\n");
        } else {
            page.append("<p id=\"scopes-intro\">").append(lang.pick("Jika Anda mengizinkan, aplikasi ini dapat:",
                    "If you allow it, this application can:")).append("</p>\n<ul aria-labelledby=\"scopes-intro\">\n");
            for (String scope : view.scopes()) {
                String words = describe(scope, lang.tag);
                page.append("<li>");
                if (words != null) {
                    page.append(Html.escape(words)).append(" <span class=\"muted\">(<code>")
                            .append(Html.escape(scope)).append("</code>)</span>");
                } else {
                    page.append(lang.pick("Izin ", "Permission ")).append("<code>").append(Html.escape(scope))
                            .append("</code>");
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
                .append(lang.pick("Izinkan", "Allow")).append("</button>\n")
                .append("<button type=\"submit\" class=\"deny\" name=\"").append(ConsentView.DECISION_FIELD)
                .append("\" value=\"").append(ConsentView.DENY).append("\">")
                .append(lang.pick("Tolak", "Deny")).append("</button>\n</div>\n</form>\n");
        page.append("<p class=\"muted\">").append(lang.pick("ID aplikasi: ", "Application ID: "))
                .append("<code>").append(Html.escape(view.clientId())).append("</code></p>\n");
        page.append("</main>\n</body>\n</html>\n");
        Html.write(response, page.toString());
    }
}
