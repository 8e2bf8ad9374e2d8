package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.Storage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells clients that a user's login session ended (OpenID Connect Back-Channel Logout 1.0 §2.5):
 * a signed logout token POSTed to each client's registered {@code backchannel_logout_uri}, off the
 * user's request on an executor, with a connect and a read timeout, no redirect followed (§2.5: the
 * RP answers directly), and a bounded number of tries with doubling delays when the client cannot
 * be reached or answers 5xx or 429. Over https the host's TLS trust ({@code backChannelLogoutSslContext})
 * or the JDK's applies; an untrusted certificate means no delivery and a warning. A 2xx is success (§2.8: 200, and 204 from some frameworks); any
 * other answer is final. Logged by client id and status, never the token.
 */
final class BackChannelLogout {

    private static final Logger LOG = LoggerFactory.getLogger(BackChannelLogout.class);

    /**
     * How the logout tokens travel.
     *
     * @param sslContext the TLS trust for https back-channel URIs, or {@code null} for the JDK's default
     */
    record Delivery(ScheduledExecutorService executor, Duration connectTimeout, Duration readTimeout, int attempts,
            Duration firstRetryDelay, javax.net.ssl.SSLContext sslContext) {
    }

    private final Settings settings;
    private final Storage storage;
    private final TokenSigner signer;
    private final Delivery delivery;
    private volatile ScheduledExecutorService executor;
    private volatile HttpClient http;
    private volatile boolean closed;

    BackChannelLogout(Settings settings, Storage storage, TokenSigner signer, Delivery delivery) {
        this.settings = settings;
        this.storage = storage;
        this.signer = signer;
        this.delivery = delivery;
        this.executor = delivery.executor();
    }

    /**
     * Queues a logout token for each client of the ended grants that registered a back-channel URI;
     * returns at once.
     */
    void notifyClients(String subject, String sid, List<Grant> ended) {
        Set<String> clientIds = new LinkedHashSet<>();
        for (Grant grant : ended) {
            clientIds.add(grant.clientId());
        }
        for (String clientId : clientIds) {
            submit(() -> deliver(clientId, subject, sid, 1), 0);
        }
    }

    private void deliver(String clientId, String subject, String sid, int attempt) {
        Client client = storage.clients().find(clientId).orElse(null);
        URI uri = client == null ? null : client.logout().backchannelLogoutUri();
        if (uri == null) {
            return;
        }
        String token = signer.logoutToken(client, subject, sid, settings.clock().instant());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(delivery.readTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        FormCodec.encode(Map.of("logout_token", List.of(token))), StandardCharsets.UTF_8))
                .build();
        int status;
        try {
            status = http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (javax.net.ssl.SSLException e) {
            // fails closed: no token goes to a server whose certificate is not trusted
            retry(clientId, subject, sid, attempt, "TLS: " + e.getClass().getSimpleName()
                    + "; is the client's certificate trusted? see backChannelLogoutSslContext");
            return;
        } catch (IOException e) {
            retry(clientId, subject, sid, attempt, e.getClass().getSimpleName());
            return;
        }
        if (status >= 200 && status < 300) {
            LOG.info("back-channel logout delivered to client {} (HTTP {}, try {})", clientId, status, attempt);
        } else if (status >= 500 || status == 429) {
            retry(clientId, subject, sid, attempt, "HTTP " + status);
        } else {
            LOG.warn("back-channel logout refused by client {}: HTTP {}; not retried", clientId, status);
        }
    }

    private void retry(String clientId, String subject, String sid, int attempt, String why) {
        if (attempt >= delivery.attempts()) {
            LOG.warn("back-channel logout to client {} failed ({}); gave up after {} tries", clientId, why, attempt);
            return;
        }
        long delay = delivery.firstRetryDelay().toMillis() << Math.min(attempt - 1, 16);
        LOG.info("back-channel logout to client {} failed ({}); try {} in {} ms", clientId, why, attempt + 1, delay);
        submit(() -> deliver(clientId, subject, sid, attempt + 1), delay);
    }

    /**
     * Stops the deliveries: the thread the engine started for them ends (queued notifications and
     * retries are dropped, counted in one INFO line); an executor the host gave is the host's to stop.
     * Logouts after this still end sessions, without notifications. Idempotent.
     */
    void close() {
        ScheduledExecutorService own;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            own = executor != delivery.executor() ? executor : null;
            executor = null;
            http = null; // the JDK client's selector thread ends once it is unreachable
        }
        if (own != null) {
            int dropped = own.shutdownNow().size();
            if (dropped > 0) {
                LOG.info("back-channel logout: server closed; {} queued notification(s) dropped", dropped);
            }
        }
    }

    private void submit(Runnable task, long delayMillis) {
        if (closed) {
            LOG.warn("back-channel logout: the server is closed; a notification is dropped");
            return;
        }
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException fault) {
                LOG.warn("back-channel logout: storage or internal fault; this notification is dropped", fault);
            }
        };
        try {
            executor().schedule(guarded, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.warn("back-channel logout: the executor is shut down; a notification is dropped");
        }
    }

    private ScheduledExecutorService executor() {
        ScheduledExecutorService e = executor;
        if (e == null) {
            synchronized (this) {
                if (closed) {
                    throw new RejectedExecutionException("closed");
                }
                if (executor == null) {
                    executor = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "nuid-oauth-backchannel-logout");
                        t.setDaemon(true);
                        return t;
                    });
                }
                e = executor;
            }
        }
        return e;
    }

    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) {
                    HttpClient.Builder builder = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER) // §2.5: a redirect is not followed
                            .connectTimeout(delivery.connectTimeout())
                            .version(HttpClient.Version.HTTP_1_1);
                    if (delivery.sslContext() != null) {
                        builder.sslContext(delivery.sslContext());
                    }
                    http = builder.build();
                }
                h = http;
            }
        }
        return h;
    }
}
