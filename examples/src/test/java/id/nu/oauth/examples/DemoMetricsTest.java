package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo's {@code /metrics} (issue 12 item 2): the engine's meters in the Prometheus text format,
 * on Jetty and Tomcat; a failed client authentication shows in them, its secret never does.
 */
class DemoMetricsTest {

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("Jetty 12", (DemoMain.Starter) JettyDemo::start),
                Arguments.of("Tomcat 11", (DemoMain.Starter) TomcatDemo::start));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void metricsArePrometheusTextWithTheEnginesMeters(String name, DemoMain.Starter starter) throws Exception {
        try (RunningDemo demo = starter.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
            HttpClient http = HttpClient.newHttpClient();
            String secret = "wrong-secret-4b1d0e";
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(demo.origin().resolve("/api/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=nobody"
                            + "&client_secret=" + secret)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401); // RFC 6749 §5.2 invalid_client
            assertThat(refused.headers().firstValue("X-Correlation-Id")).isPresent();

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(demo.origin().resolve("/metrics")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            String body = metrics.body();
            assertThat(body).contains("# TYPE nuid_oauth_requests_seconds")
                    .containsPattern("nuid_oauth_requests_seconds_count\\{[^}]*endpoint=\"token\"[^}]*"
                            + "error=\"invalid_client\"[^}]*outcome=\"client_error\"[^}]*} 1")
                    .containsPattern("nuid_oauth_events_total\\{client=\"none\",type=\"client.authentication_failed\"} 1")
                    .containsPattern("nuid_oauth_events_total\\{client=\"[a-z-]+\",type=\"client.registered\"}")
                    .containsPattern("nuid_oauth_storage_calls_seconds_count\\{operation=\"find\",outcome=\"success\","
                            + "store=\"clients\"}")
                    .doesNotContain(secret).doesNotContain("nobody");
        }
    }
}
