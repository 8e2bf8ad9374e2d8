package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.core.RequestScope;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The correlation id of every exchange (issue 12 item 1): in the {@code X-Correlation-Id} header of
 * every answer, JSON or page, and on the error pages, where a user can read it out to a helpdesk.
 */
abstract class CorrelationContract extends ContainerTestBase {

    CorrelationContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    private static String id(HttpResponse<String> r) {
        String id = r.headers().firstValue(RequestScope.HEADER).orElse(null);
        assertThat(id).as("%s header", RequestScope.HEADER).isNotNull().matches("[A-Za-z0-9_-]{16}");
        return id;
    }

    @Test
    void everyTokenAnswerCarriesItsOwnCorrelationId() { // RFC 6749 §5.2 errors included
        HttpResponse<String> first = browser().postForm("/api/oauth/token", "grant_type=client_credentials");
        HttpResponse<String> second = browser().postForm("/api/oauth/token", "grant_type=client_credentials");
        assertError(first, 401, "invalid_client");
        assertThat(id(first)).isNotEqualTo(id(second));
    }

    @Test
    void theErrorPageShowsTheIdOfItsHeader() { // RFC 6749 §4.1.2.1: shown, never redirected
        HttpResponse<String> page = browser().get(authorizePath("response_type", "code", "client_id", "nobody-knows"));
        assertThat(page.statusCode()).isEqualTo(400);
        assertHtmlSecurityHeaders(page);
        assertThat(page.body()).contains("<code class=\"reference\" dir=\"ltr\">" + id(page) + "</code>");
    }

    @Test
    void theErrorPageSaysWhatTheIdIsForInTheUsersLanguage() {
        HttpResponse<String> page = browser().get(authorizePath("response_type", "code", "client_id", "nobody-knows",
                "ui_locales", "en"));
        assertThat(page.body()).contains("Reference (quote it when you contact support):").contains(id(page));
        HttpResponse<String> indonesian = browser().get(authorizePath("response_type", "code", "client_id", "x"));
        assertThat(indonesian.body()).contains("Kode rujukan").contains(id(indonesian));
    }

    @Test
    void redirectsConsentPagesDocumentsAndUnknownPathsCarryItToo() {
        Browser b = loggedIn();
        HttpResponse<String> consent = b.get(authorizePath(legacyParams("s", "profile")));
        assertThat(consent.statusCode()).isEqualTo(200);
        id(consent);
        HttpResponse<String> login = browser().get(authorizePath(legacyParams("s", "profile")));
        assertThat(login.statusCode()).isEqualTo(302);
        id(login);
        id(browser().get("/api/oauth/jwks"));
        HttpResponse<String> missing = browser().get("/api/oauth/nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        id(missing);
    }

    @Test
    void aHostFaultAnsweredServerErrorStillCarriesIt() { // the helpdesk finds the ERROR line by this id
        HttpResponse<String> r = browser().get(authorizePath(legacyParams("s", "profile")), TestPortal.FAULT_HEADER,
                "1");
        assertError(r, 500, "server_error");
        id(r);
    }
}
