package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.core.AuthorizationServer;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The builder's checks and defaults. */
class OAuthEndpointsTest {

    private final AuthorizationServer server = AuthorizationServer.builder().issuer(URI.create("https://nu.id/api")).build();

    @Test
    void defaultsToApiAndTheDocumentedMapping() {
        OAuthEndpoints e = OAuthEndpoints.builder(server).userResolver(r -> null).build();
        assertThat(e.basePath()).isEqualTo("/api");
        assertThat(e.mapping()).isEqualTo("/api/*");
        assertThat(e.servlet()).isSameAs(e.servlet());
        assertThat(OAuthEndpoints.builder(server).userResolver(r -> null).basePath("").build().mapping()).isEqualTo("/*");
    }

    @Test
    void refusesBadConfiguration() {
        OAuthEndpoints.Builder b = OAuthEndpoints.builder(server);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class); // no user resolver
        for (String path : new String[] {"api", "/api/", "/api/*", "//api", "/a pi"}) {
            assertThatThrownBy(() -> b.basePath(path)).as(path).isInstanceOf(IllegalArgumentException.class);
        }
        for (String login : new String[] {"login", "//evil.example/login", "javascript:x", "/login#x"}) {
            assertThatThrownBy(() -> b.loginPage(login)).as(login).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(b.loginPage("https://sso.nu.id/masuk?x=1")).isSameAs(b);
    }

    /** RFC 8414 §3.1: the well-known string goes between the host and the issuer's path; a final "/" is dropped. */
    @Test
    void wellKnownPathFollowsTheIssuer_rfc8414_3_1() {
        assertThat(OAuthEndpoints.builder(server).userResolver(r -> null).build().wellKnownPath())
                .isEqualTo("/.well-known/oauth-authorization-server/api");
        for (String[] c : new String[][] {{"https://nu.id", "/.well-known/oauth-authorization-server"},
            {"https://nu.id/", "/.well-known/oauth-authorization-server"},
            {"https://nu.id/sso/api/", "/.well-known/oauth-authorization-server/sso/api"}}) {
            AuthorizationServer s = AuthorizationServer.builder().issuer(URI.create(c[0])).build();
            assertThat(OAuthEndpoints.builder(s).userResolver(r -> null).build().wellKnownPath()).as(c[0])
                    .isEqualTo(c[1]);
        }
        OAuthEndpoints e = OAuthEndpoints.builder(server).userResolver(r -> null).build();
        assertThat(e.wellKnownServlet()).isSameAs(e.wellKnownServlet()).isNotSameAs(e.servlet());
    }

    @Test
    void scopeDescriptionsInTheShippedLanguages() {
        assertThat(DefaultConsentPage.describe("email", "id")).isEqualTo("Melihat alamat email Anda");
        assertThat(DefaultConsentPage.describe("email", "en")).isEqualTo("See your email address");
        assertThat(DefaultConsentPage.describe("email", "ar")).isEqualTo("عرض عنوان بريدك الإلكتروني");
        assertThat(DefaultConsentPage.describe("email", "fr")).isEqualTo("Melihat alamat email Anda");
        assertThat(DefaultConsentPage.describe("openid", "en")).isEqualTo("Know who you are (your NU.ID account identifier)");
        assertThat(DefaultConsentPage.describe("nu:kajian", "en")).isNull();
    }

    @Test
    void brandingOptionsAreChecked() {
        OAuthEndpoints.Builder b = OAuthEndpoints.builder(server).userResolver(r -> null);
        for (String bad : new String[] {"javascript:alert(1)", "data:image/svg+xml,<svg>", "//evil.example/x.png",
            "http://nu.id/logo.png", "https://nu.id/logo.png#x", "https://nu.id;script-src */x.png",
            "https://nu.id/a b.png", "logo.png"}) {
            assertThatThrownBy(() -> b.logoUrl(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        b.logoUrl("/img/logo.svg").logoUrl("https://cdn.nu.id:8443/logo.png");
        for (String bad : new String[] {"red", "#fff", "#12345g", "#1234567", "#123456;background:url(x)"}) {
            assertThatThrownBy(() -> b.brandColor(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        b.brandColor("#0B6B3A");
        assertThatThrownBy(() -> b.portalName(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.portalName("NU\nID")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.switchAccountUrl("javascript:alert(1)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.switchAccountUrl("//evil.example/")).isInstanceOf(IllegalArgumentException.class);
        b.switchAccountUrl("/logout").switchAccountUrl("https://login.nu.id/keluar");
        assertThatThrownBy(() -> OAuthEndpoints.builder(server).userResolver(r -> null)
                .defaultLocale(java.util.Locale.FRENCH).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fr");
        OAuthEndpoints.builder(server).userResolver(r -> null).defaultLocale(java.util.Locale.UK).build();
    }
}
