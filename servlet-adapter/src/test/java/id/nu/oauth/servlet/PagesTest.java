package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The brand on the built-in pages: escaped, in the strict policy, an https logo's origin and nothing more. */
class PagesTest {

    private static Pages branded(String logo) {
        return new Pages(Messages.DEFAULT, "Portal \"NU\" <Jatim>", logo, "#1a5c8e", null, request -> null,
                Messages.INDONESIAN, (request, user) -> user.subject());
    }

    @Test
    void anHttpsLogosOriginIsTheOnlyImageSourceAdded() {
        Map<String, String> headers = new HashMap<>();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        headers.put((String) args[0], (String) args[1]);
                    }
                    return null;
                });
        branded("https://cdn.nu.id:8443/brand/logo.svg?v=2").securityHeaders(response, "n0nce");
        assertThat(headers.get("Content-Security-Policy")).isEqualTo("default-src 'none'; style-src 'nonce-n0nce'; "
                + "img-src 'self' data: https://cdn.nu.id:8443; base-uri 'none'; frame-ancestors 'none'");
        headers.clear();
        Pages.DEFAULT.securityHeaders(response, "n0nce");
        assertThat(headers.get("Content-Security-Policy")).contains("img-src 'self' data:;");
    }

    @Test
    void theHeadIsEscapedAndSaysLanguageAndDirection() {
        String head = branded("https://cdn.nu.id/logo.svg?a=1&b=\"2\"").head(null, Locale.forLanguageTag("ar"),
                "<title>", "n0nce");
        assertThat(head).contains("<html lang=\"ar\" dir=\"rtl\">").contains("<title>&lt;title&gt;</title>")
                .contains("<style nonce=\"n0nce\">").contains("#1a5c8e")
                .contains("<img src=\"https://cdn.nu.id/logo.svg?a=1&amp;b=&quot;2&quot;\" alt=\"\"")
                .contains("<span class=\"portal\">Portal &quot;NU&quot; &lt;Jatim&gt;</span>");
    }
}
