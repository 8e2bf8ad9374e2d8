package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The consent and error pages in the user's language (OpenID Connect Core 1.0 §3.1.2.1
 * {@code ui_locales}, then the portal's choice, then {@code Accept-Language}), right to left for
 * Arabic, and with the test portal's brand (name, logo, colour, "not you?").
 */
abstract class LanguageContract extends ContainerTestBase {

    LanguageContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    private HttpResponse<String> consentPage(Browser b, String uiLocales, String... headers) {
        String[] params = uiLocales == null ? legacyParams("s", "openid email")
                : new String[] {"response_type", "code", "client_id", TestPortal.LEGACY, "redirect_uri",
                    TestPortal.LEGACY_REDIRECT, "state", "s", "scope", "openid email", "ui_locales", uiLocales};
        HttpResponse<String> r = b.get(authorizePath(params), headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertHtmlSecurityHeaders(r);
        return r;
    }

    @Test
    void consentPageIsIndonesianWithoutAPreference() {
        String page = consentPage(loggedIn(), null).body();
        assertThat(page).contains("<html lang=\"id\" dir=\"ltr\">")
                .contains("meminta akses ke akun <bdi>Portal &lt;NU&gt; Jatim</bdi> Anda")
                .contains("Mengetahui identitas akun Portal &lt;NU&gt; Jatim Anda")
                .contains(">Izinkan</button>").contains(">Tolak</button>");
    }

    @Test
    void consentPageFollowsAcceptLanguage() {
        String page = consentPage(loggedIn(), null, "Accept-Language", "fr-FR, en;q=0.8, id;q=0.5").body();
        assertThat(page).contains("<html lang=\"en\" dir=\"ltr\">")
                .contains("is asking for access to your <bdi>Portal &lt;NU&gt; Jatim</bdi> account")
                .contains("See your email address").contains(">Allow</button>").contains(">Deny</button>")
                .doesNotContain("Izinkan");
    }

    @Test
    void uiLocalesComesBeforeThePortalAndAcceptLanguage_oidcCore_3_1_2_1() {
        String page = consentPage(loggedIn(), "fr-CA ar-EG en", "Accept-Language", "en",
                TestPortal.PORTAL_LANGUAGE_HEADER, "en").body();
        assertThat(page).contains("<html lang=\"ar\" dir=\"rtl\">").contains(">سماح</button>")
                .contains("يطلب <strong><bdi>" + "Aplikasi &lt;Lama&gt; &amp; &quot;Co&quot;" + "</bdi></strong> الوصول")
                .contains("عرض عنوان بريدك الإلكتروني")
                .contains("<code dir=\"ltr\">" + TestPortal.LEGACY + "</code>");
    }

    @Test
    void thePortalsChoiceComesBeforeAcceptLanguage() {
        String page = consentPage(loggedIn(), "fr", "Accept-Language", "id",
                TestPortal.PORTAL_LANGUAGE_HEADER, "en-US").body();
        assertThat(page).contains("<html lang=\"en\" dir=\"ltr\">").contains(">Allow</button>");
    }

    @Test
    void aHostAddsALanguageWithItsOwnBundle() {
        String page = consentPage(loggedIn(), "jv", "Accept-Language", "en").body();
        assertThat(page).contains("<html lang=\"jv\" dir=\"ltr\">").contains(">Marengaken</button>")
                .contains("nyuwun akses dhateng akun <bdi>Portal &lt;NU&gt; Jatim</bdi> panjenengan")
                .contains("Melihat alamat email Anda"); // a key the host did not translate: Bahasa Indonesia
    }

    @Test
    void consentPageCarriesThePortalsBrandAndWhoIsSignedIn() {
        Browser b = browser();
        String user = newUser();
        b.login(user);
        HttpResponse<String> r = consentPage(b, null);
        String app = container.contextPath();
        assertThat(r.body()).contains("<img src=\"" + app + "/img/logo.svg\" alt=\"\"")
                .contains("<span class=\"portal\">Portal &lt;NU&gt; Jatim</span>")
                .contains("#1a5c8e")
                .contains("Masuk sebagai <strong><bdi>" + user.replace("user-", "Pengguna ") + "</bdi></strong>.")
                .contains("<a href=\"" + app + "/logout\">Bukan Anda?</a>")
                .doesNotContainPattern(" on[a-z]+=").doesNotContain("<script");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("img-src 'self' data:;");
    }

    @Test
    void errorPageSpeaksTheUsersLanguageWithTheEnglishDetailBelow() { // RFC 6749 §4.1.2.1: no redirect
        String[] unknownClient = {"response_type", "code", "client_id", "nobody", "redirect_uri",
            "https://app.example.or.id/cb", "state", "s"};
        HttpResponse<String> id = loggedIn().get(authorizePath(unknownClient));
        assertThat(id.statusCode()).isEqualTo(400);
        assertHtmlSecurityHeaders(id);
        assertThat(id.body()).contains("<html lang=\"id\" dir=\"ltr\">")
                .contains("<h1>Permintaan tidak dapat diproses</h1>")
                .contains("tidak terdaftar di portal ini. Kembali ke aplikasi tersebut dan coba lagi.")
                .contains("Detail teknis (bahasa Inggris): <code lang=\"en\" dir=\"ltr\">invalid_client: ");

        HttpResponse<String> en = loggedIn().get(authorizePath(unknownClient), "Accept-Language", "en-GB");
        assertThat(en.body()).contains("<html lang=\"en\" dir=\"ltr\">")
                .contains("<h1>The request cannot be processed</h1>")
                .contains("The application that sent you here is not registered with this portal.")
                .contains("Technical detail: <code lang=\"en\" dir=\"ltr\">invalid_client: ");

        String[] arabic = java.util.Arrays.copyOf(unknownClient, unknownClient.length + 2);
        arabic[unknownClient.length] = "ui_locales";
        arabic[unknownClient.length + 1] = "ar";
        HttpResponse<String> ar = loggedIn().get(authorizePath(arabic), "Accept-Language", "en");
        assertThat(ar.body()).contains("<html lang=\"ar\" dir=\"rtl\">").contains("<h1>تعذّرت معالجة الطلب</h1>")
                .contains("<code lang=\"en\" dir=\"ltr\">invalid_client: ");
    }

    @Test
    void consentFormErrorsKeepTheLanguageOfTheAuthorizeRequest() {
        Browser b = loggedIn();
        HttpResponse<String> page = consentPage(b, "ar");
        Browser.Form form = Browser.Form.parse(page.body());
        HttpResponse<String> r = b.postFormAt(form.action(),
                form.body(ConsentView.APPROVE).replaceAll("nuid_csrf=[^&]*", "nuid_csrf=wrong"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("<html lang=\"ar\" dir=\"rtl\">").contains("<h1>الوصول مرفوض</h1>");
    }
}
