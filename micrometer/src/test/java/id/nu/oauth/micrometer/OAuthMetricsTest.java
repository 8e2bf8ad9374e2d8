package id.nu.oauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.ErrorCode;
import id.nu.oauth.core.OAuthEvent;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The meters the events become: names, tags, counts. */
class OAuthMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double events(String type, String client) {
        var counter = registry.find(OAuthMetrics.EVENTS).tag("type", type).tag("client", client).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aFullFlowBecomesRequestTimersAndEventCounters() {
        Flow flow = new Flow(b -> b.eventListener(OAuthMetrics.create(registry)));
        flow.run();
        assertThat(events("code.issued", Flow.MOBILE)).isEqualTo(1);
        assertThat(events("code.replayed", Flow.MOBILE)).isEqualTo(1); // RFC 6749 §4.1.2
        assertThat(events("refresh.reuse_detected", Flow.MOBILE)).isEqualTo(1); // RFC 9700 §4.14.2
        assertThat(events("tokens.rotated", Flow.MOBILE)).isEqualTo(1);
        assertThat(events("client.authentication_failed", Flow.PORTAL)).isEqualTo(1);
        assertThat(events("client.authentication_failed", OAuthMetrics.NONE)).isEqualTo(1); // an unknown client
        assertThat(events("grant.revoked", Flow.PORTAL)).isEqualTo(1);
        assertThat(events("token.revoked", Flow.PORTAL)).isEqualTo(1);
        assertThat(events("request.completed", Flow.MOBILE)).isZero(); // a timer, not a counter

        Timer codeExchanges = registry.find(OAuthMetrics.REQUESTS).tag("endpoint", "token")
                .tag("grant_type", "authorization_code").tag("outcome", "success").tag("error", "none").timer();
        assertThat(codeExchanges).isNotNull();
        assertThat(codeExchanges.count()).isEqualTo(2);
        assertThat(registry.find(OAuthMetrics.REQUESTS).tag("endpoint", "token").tag("grant_type", "refresh_token")
                .tag("outcome", "client_error").tag("error", "invalid_grant").timer().count()).isEqualTo(1);
        assertThat(registry.find(OAuthMetrics.REQUESTS).tag("endpoint", "token").tag("outcome", "client_error")
                .tag("error", "invalid_client").timer().count()).isEqualTo(2);
        assertThat(registry.find(OAuthMetrics.REQUESTS).tag("endpoint", "authorize").tag("outcome", "success")
                .timer().count()).isEqualTo(2);
        assertThat(registry.find(OAuthMetrics.REQUESTS).tag("endpoint", "revoke").timer().count()).isEqualTo(2);
        assertThat(registry.find(OAuthMetrics.REQUESTS).tag("endpoint", "introspect").timer().count()).isEqualTo(1);
    }

    @Test
    void namesAreDottedLowercaseAndTagValuesComeFromFixedSets() { // Micrometer naming conventions
        Flow flow = new Flow(b -> b.eventListener(OAuthMetrics.create(registry)));
        flow.run();
        flow.server.handle(EndpointRequest.builder("GET", "/oauth/nowhere").build());
        Pattern name = Pattern.compile("[a-z]+(\\.[a-z_]+)+");
        Pattern value = Pattern.compile("[a-z0-9_.-]+");
        assertThat(registry.getMeters()).isNotEmpty();
        for (Meter m : registry.getMeters()) {
            assertThat(m.getId().getName()).matches(name);
            m.getId().getTags().forEach(t -> assertThat(t.getValue()).as(t.getKey()).matches(value));
            String endpoint = m.getId().getTag("endpoint");
            if (endpoint != null) {
                assertThat(endpoint).isIn("authorize", "token", "refresh", "revoke", "introspect", "userinfo",
                        "document", "protected_resource", "other");
            }
            String client = m.getId().getTag("client");
            if (client != null) {
                assertThat(client).isIn(Flow.MOBILE, Flow.PORTAL, OAuthMetrics.NONE);
            }
        }
        assertThat(registry.find(OAuthMetrics.REQUESTS).tag("endpoint", "other").tag("error", "not_found").timer())
                .isNotNull();
    }

    @Test
    void theClientTagCanBeLeftOut() {
        OAuthMetrics metrics = OAuthMetrics.create(registry, false);
        metrics.onEvent(new OAuthEvent.CodeReplayed(Instant.EPOCH, "c", "mobile-app", "u", "g"));
        assertThat(events("code.replayed", OAuthMetrics.NONE)).isEqualTo(1);
        assertThat(events("code.replayed", "mobile-app")).isZero();
    }

    @Test
    void requestDurationsAreRecordedAsTheyCame() {
        OAuthMetrics metrics = OAuthMetrics.create(registry);
        metrics.onEvent(new OAuthEvent.RequestCompleted(Instant.EPOCH, "c", OAuthEvent.Endpoint.TOKEN, null, null, 500,
                ErrorCode.SERVER_ERROR, Duration.ofMillis(250)));
        Timer t = registry.find(OAuthMetrics.REQUESTS).tag("outcome", "server_error").tag("error", "server_error")
                .timer();
        assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
    }
}
