package id.nu.oauth.examples.readme;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.OAuthEvent;
import id.nu.oauth.micrometer.OAuthMetrics;
import id.nu.oauth.micrometer.TimedStorage;
import id.nu.oauth.storage.Storage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;

/** The README's operations snippet (events, metrics), compiled as it is shown. */
final class OperationsSnippets {

    /** Stands for the host's alerting. */
    interface Alerts {
        void raise(String what, String clientId, String grantId);
    }

    private OperationsSnippets() {
    }

    static AuthorizationServer operations(Storage storage, Alerts alerts) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(TimedStorage.wrap(storage, registry))          // nuid.oauth.storage.calls
                .eventListener(OAuthMetrics.create(registry))           // nuid.oauth.requests, nuid.oauth.events
                .eventListener(event -> {
                    if (event instanceof OAuthEvent.RefreshReuseDetected reuse) {
                        alerts.raise("refresh token reuse", reuse.clientId(), reuse.grantId());
                    }
                })
                .build();
        // serve registry.scrape() at /metrics to your monitoring network only
        return server;
    }
}
