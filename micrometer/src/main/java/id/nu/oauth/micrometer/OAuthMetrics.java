package id.nu.oauth.micrometer;

import id.nu.oauth.core.ErrorCode;
import id.nu.oauth.core.OAuthEvent;
import id.nu.oauth.core.OAuthEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the engine's {@link OAuthEvent}s into Micrometer meters. Register it as an event listener;
 * wrap the storage with {@link TimedStorage} for the store's latency.
 *
 * <table>
 * <caption>meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@value #REQUESTS}</td><td>timer</td><td>{@code endpoint} (authorize, token, refresh, revoke,
 *     introspect, userinfo, document, protected_resource, end_session, registration, other), {@code grant_type} (authorization_code,
 *     refresh_token, client_credentials, none), {@code outcome} (success, client_error, server_error),
 *     {@code error} (the {@link ErrorCode} in lowercase, such as {@code invalid_grant}, or none)</td></tr>
 * <tr><td>{@value #EVENTS}</td><td>counter</td><td>{@code type} (the {@link OAuthEvent#type()}, such as
 *     {@code code.replayed}), {@code client} (a registered client's id, or none)</td></tr>
 * <tr><td>{@value TimedStorage#STORAGE_CALLS}</td><td>timer</td><td>see {@link TimedStorage}</td></tr>
 * </table>
 *
 * <p>Every tag value comes from a fixed set, except {@code client}: the id of a client the host
 * registered (the engine never reports an id a caller made up), so its cardinality is the number of
 * registered clients. Hosts with very many clients turn it off with {@link #create(MeterRegistry, boolean)}.
 * No tag ever holds a token, code, secret, subject or grant id.
 *
 * <pre>{@code
 * MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * AuthorizationServer server = AuthorizationServer.builder()
 *         .issuer(URI.create("https://portal.example.or.id/api"))
 *         .storage(TimedStorage.wrap(InMemoryStorage.create(), registry))
 *         .eventListener(OAuthMetrics.create(registry))
 *         .build();
 * }</pre>
 */
public final class OAuthMetrics implements OAuthEventListener {

    /** The requests timer's name. */
    public static final String REQUESTS = "nuid.oauth.requests";

    /** The events counter's name. */
    public static final String EVENTS = "nuid.oauth.events";

    static final String NONE = "none";

    private final MeterRegistry registry;
    private final boolean clientTag;

    private OAuthMetrics(MeterRegistry registry, boolean clientTag) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clientTag = clientTag;
    }

    /** Meters in this registry, with the {@code client} tag on the events counter. */
    public static OAuthMetrics create(MeterRegistry registry) {
        return new OAuthMetrics(registry, true);
    }

    /**
     * Meters in this registry; {@code clientTag} {@code false} leaves the {@code client} tag out (every
     * value {@code none}), for a host with very many registered clients.
     */
    public static OAuthMetrics create(MeterRegistry registry, boolean clientTag) {
        return new OAuthMetrics(registry, clientTag);
    }

    @Override
    public void onEvent(OAuthEvent event) {
        if (event instanceof OAuthEvent.RequestCompleted done) {
            Timer.builder(REQUESTS)
                    .description("Requests answered by the authorization server's endpoints")
                    .tag("endpoint", done.endpoint().tagValue())
                    .tag("grant_type", done.grantType() == null ? NONE : done.grantType().parameter())
                    .tag("outcome", outcome(done.status(), done.error()))
                    .tag("error", done.error() == null ? NONE : tagValue(done.error()))
                    .register(registry)
                    .record(done.duration());
            return;
        }
        Counter.builder(EVENTS)
                .description("Security-relevant events of the authorization server")
                .tag("type", event.type())
                .tag("client", clientTag && event.clientId() != null ? event.clientId() : NONE)
                .register(registry)
                .increment();
    }

    private static String outcome(int status, ErrorCode error) {
        if (status >= 500) {
            return "server_error";
        }
        return status >= 400 || error != null ? "client_error" : "success";
    }

    /** An error code as a tag value: its name in lowercase (unique, unlike the wire values). */
    static String tagValue(ErrorCode error) {
        return error.name().toLowerCase(Locale.ROOT);
    }
}
