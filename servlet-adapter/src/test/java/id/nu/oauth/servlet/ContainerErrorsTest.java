package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.OAuthError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The choice both container handlers make: the engine's JSON under the API path, HTML elsewhere. */
class ContainerErrorsTest {

    private final ContainerErrors errors = new ContainerErrors("/portal/api");

    @ParameterizedTest
    @ValueSource(strings = {"/portal/api", "/portal/api/", "/portal/api/oauth/token"})
    void underTheApiPathIsTheEnginesJson(String path) {
        EndpointResponse r = errors.answer(431, path);
        EndpointResponse engine = EndpointResponse.error(OAuthError.forHttpStatus(431));
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.headers()).isEqualTo(engine.headers());
        assertThat(r.body()).isEqualTo(engine.body()).contains("\"error\":\"invalid_request\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/portal", "/portal/apix", "/portal/login", "/api/oauth/token", "/badMessage"})
    void elsewhereIsAnHtmlPage(String path) {
        EndpointResponse r = errors.answer(400, path);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("<h1>Error 400</h1>").doesNotContain(path + "<");
    }

    @Test
    void unreadPathIsAnHtmlPage() { // the container could not read the request line
        assertThat(errors.answer(414, null).header("Content-Type")).startsWith("text/html");
    }

    @Test
    void statusStaysTheContainersWhenTheEngineHasNoEntryForIt() { // e.g. 408: invalid_request, still 408
        EndpointResponse r = errors.answer(408, "/portal/api/oauth/token");
        assertThat(r.status()).isEqualTo(408);
        assertThat(r.body()).contains("\"error\":\"invalid_request\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", ""}) // "": OAuthEndpoints.basePath() for the root
    void rootApiPathMakesEveryAnswerJson(String apiPath) {
        ContainerErrors root = new ContainerErrors(apiPath);
        assertThat(root.apiPath()).isEmpty();
        assertThat(root.answer(505, "/login").header("Content-Type")).startsWith("application/json");
    }

    @Test
    void trailingSlashOfTheApiPathIsIgnored() {
        assertThat(new ContainerErrors("/api/").isApi("/api/oauth/jwks")).isTrue();
        assertThat(new ContainerErrors("/api/").isApi("/apis")).isFalse();
    }

    @Test
    void apiPathMustBeAnAbsolutePath() {
        assertThatThrownBy(() -> new ContainerErrors("api")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContainerErrors(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
