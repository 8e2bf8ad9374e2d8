package id.nu.oauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import id.nu.oauth.core.OAuthEvent;
import id.nu.oauth.core.RequestScope;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Issue 12: no event line and no metric ever holds a token, a code, a secret or a password. A full
 * flow runs with the default logging listener at DEBUG (every event logged), the metrics and the
 * timed storage; then every credential the flow handled is searched for in every captured log line
 * (message, arguments, MDC) and in every meter's name and tags.
 */
class NoCredentialsInLogsOrMetricsTest {

    /** Keeps each event with the MDC of the moment it was logged (logback reads it lazily otherwise). */
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing();
            super.append(e);
        }
    };
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
    }

    @Test
    void noCredentialInAnyLogLineOrMeter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> mdcInListener = Collections.synchronizedList(new ArrayList<>());
        List<OAuthEvent> events = Collections.synchronizedList(new ArrayList<>());
        Flow flow = new Flow(b -> b.storage(TimedStorage.wrap(InMemoryStorage.create(), registry))
                .eventListener(OAuthMetrics.create(registry))
                .eventListener(event -> {
                    events.add(event);
                    mdcInListener.add(MDC.get(RequestScope.MDC_KEY));
                }));
        flow.run();

        List<String> logged = new ArrayList<>();
        for (ILoggingEvent e : appender.list) {
            logged.add(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
        }
        List<String> meters = new ArrayList<>();
        for (Meter m : registry.getMeters()) {
            StringBuilder line = new StringBuilder(m.getId().getName());
            for (Tag t : m.getId().getTags()) {
                line.append(' ').append(t.getKey()).append('=').append(t.getValue());
            }
            meters.add(line.toString());
        }

        // the capture saw what it should: every kind of event of the flow, logged and metered
        assertThat(logged).anyMatch(l -> l.startsWith("WARN id.nu.oauth.events event=code.replayed"))
                .anyMatch(l -> l.startsWith("WARN id.nu.oauth.events event=refresh.reuse_detected"))
                .anyMatch(l -> l.startsWith("INFO id.nu.oauth.events event=client.authentication_failed client=portal"))
                .anyMatch(l -> l.startsWith("INFO id.nu.oauth.events event=grant.revoked"))
                .anyMatch(l -> l.startsWith("DEBUG id.nu.oauth.events event=tokens.issued"))
                .anyMatch(l -> l.startsWith("DEBUG id.nu.oauth.events event=tokens.rotated"))
                .anyMatch(l -> l.startsWith("DEBUG id.nu.oauth.events event=code.issued"));
        assertThat(meters).anyMatch(m -> m.startsWith(OAuthMetrics.EVENTS) && m.contains("type=code.replayed"))
                .anyMatch(m -> m.startsWith(OAuthMetrics.REQUESTS) && m.contains("error=invalid_client"))
                .anyMatch(m -> m.startsWith(TimedStorage.STORAGE_CALLS) && m.contains("operation=consume"));
        assertThat(flow.secrets).hasSize(11).doesNotContainNull(); // 2 codes, 6 tokens, a verifier, a secret, a password

        for (String secret : flow.secrets) {
            assertThat(logged).as("log lines").noneMatch(l -> l.contains(secret));
            assertThat(meters).as("meters").noneMatch(m -> m.contains(secret));
        }
        // and no subject or grant id as a metric tag either (unbounded values)
        assertThat(meters).noneMatch(m -> m.contains(Flow.SUBJECT));
        for (OAuthEvent e : events) {
            if (e.grantId() != null) {
                assertThat(meters).noneMatch(m -> m.contains(e.grantId()));
            }
        }

        // the correlation id was in the MDC while the listeners ran, and on every event line
        List<String> ids = events.stream().map(OAuthEvent::correlationId).filter(id -> id != null).toList();
        assertThat(mdcInListener).containsAll(ids);
        assertThat(appender.list).filteredOn(e -> e.getLoggerName().equals("id.nu.oauth.events")
                && !e.getFormattedMessage().startsWith("event=client.registered"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getFormattedMessage())
                        .contains("correlation=" + e.getMDCPropertyMap().get(RequestScope.MDC_KEY)));
        assertThat(MDC.get(RequestScope.MDC_KEY)).isNull();
    }

    @Test
    void aThrowingListenerIsLoggedOnceAtWarnWithItsClassAndNeverItsMessage() {
        Flow flow = new Flow(b -> b.eventListener(new Exploding()));
        flow.run();
        List<ILoggingEvent> failures = appender.list.stream()
                .filter(e -> e.getFormattedMessage().contains(Exploding.class.getName())).toList();
        assertThat(failures).hasSizeGreaterThan(20); // every event failed it
        assertThat(failures).filteredOn(e -> e.getLevel().toString().equals("WARN")).hasSize(1);
        assertThat(failures).filteredOn(e -> !e.getLevel().toString().equals("WARN"))
                .allSatisfy(e -> assertThat(e.getLevel().toString()).isEqualTo("DEBUG"));
        assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains("boom with a secret"))
                .noneMatch(e -> e.getThrowableProxy() != null);
    }

    private static final class Exploding implements id.nu.oauth.core.OAuthEventListener {
        @Override
        public void onEvent(OAuthEvent event) {
            throw new IllegalStateException("boom with a secret " + event);
        }
    }
}
