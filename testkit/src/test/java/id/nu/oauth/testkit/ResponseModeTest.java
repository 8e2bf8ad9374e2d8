package id.nu.oauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.core.AuthorizeResult;
import org.junit.jupiter.api.Test;

/** The kit reads a form-posted answer ({@code response_mode=form_post}) as it reads a redirect. */
class ResponseModeTest {

    private final OAuthTestServer server = OAuthTestServer.create();

    @Test
    void aFormPostedCodeIsExchangedLikeARedirectedOne_formPost_2() {
        TestClient app = server.registerPublicClient("app", "profile");
        AuthorizeOutcome consent = server.as("alice").authorize(app).param("response_mode", "form_post").send();
        AuthorizeOutcome posted = consent.approve();

        assertThat(posted.result()).isInstanceOf(AuthorizeResult.FormPost.class);
        assertThat(posted.isRedirect()).isTrue();
        assertThat(posted.location().toString()).isEqualTo(app.redirectUri());
        assertThat(posted.redirectParameter("iss")).isEqualTo(server.issuer().toString());
        assertThat(posted.code().exchange().accessToken()).isNotBlank();
    }

    @Test
    void aFormPostedErrorIsReadToo_formPost_2() {
        TestClient app = server.registerPublicClient("app", "profile");
        AuthorizeOutcome denied = server.as("alice").authorize(app).param("response_mode", "form_post").send().deny();
        assertThat(denied.result()).isInstanceOf(AuthorizeResult.FormPost.class);
        assertThat(denied.errorCode()).isEqualTo("access_denied");
    }

    @Test
    void anUnsupportedModeIsAnErrorRedirect() {
        TestClient app = server.registerPublicClient("app", "profile");
        AuthorizeOutcome outcome = server.as("alice").authorize(app).param("response_mode", "fragment").send();
        assertThat(outcome.result()).isInstanceOf(AuthorizeResult.Redirect.class);
        assertThat(outcome.errorCode()).isEqualTo("invalid_request");
    }
}
