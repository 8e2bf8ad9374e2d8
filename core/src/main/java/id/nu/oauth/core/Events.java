package id.nu.oauth.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivers a server's {@link OAuthEvent}s to its listeners, and keeps each request's context (the
 * correlation id, and what the request has revealed so far: client, grant type, error) on the
 * request's thread while an endpoint call runs.
 *
 * <p>Why a thread-confined context rather than a parameter: the events are emitted where outcomes
 * are decided (the endpoints, client authentication, the error writer), and a context that each of
 * them would have to receive would thread through every constructor and method. The context lives
 * exactly as long as the call ({@link #open}, {@link Call#close}) and is never shared between threads.
 */
final class Events {

    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

    private final List<OAuthEventListener> listeners;
    private final Clock clock;
    private final Supplier<String> correlationIds;
    private final Set<Class<?>> failedOnce = ConcurrentHashMap.newKeySet();

    Events(List<OAuthEventListener> listeners, Clock clock, Supplier<String> correlationIds) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.correlationIds = correlationIds;
    }

    /** Delivers an event to every listener; a throwing listener is logged and skipped. */
    void publish(OAuthEvent event) {
        for (OAuthEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException failed) {
                // the message may hold the event's data: the class names are enough to find it
                if (failedOnce.add(listener.getClass())) {
                    LOG.warn("event listener {} failed ({}) on {}; the request went on (later failures at DEBUG)",
                            listener.getClass().getName(), failed.getClass().getName(), event.type());
                } else {
                    LOG.debug("event listener {} failed ({}) on {}", listener.getClass().getName(),
                            failed.getClass().getName(), event.type());
                }
            }
        }
    }

    /**
     * Opens a scope on this thread: the current one when this server already has one open (an
     * adapter's, around the engine's call), else a new one with a new correlation id in the MDC.
     */
    Call open(OAuthEvent.Endpoint endpoint) {
        Call current = CURRENT.get();
        if (current != null && current.events == this && !current.closed) {
            Call nested = new Call(this, current.correlationId, current, false);
            nested.endpoint = endpoint;
            CURRENT.set(nested);
            return nested;
        }
        Call call = new Call(this, newCorrelationId(), current, true);
        call.endpoint = endpoint;
        CURRENT.set(call);
        return call;
    }

    private String newCorrelationId() {
        try {
            String id = correlationIds.get();
            return id == null || id.isEmpty() ? "-" : id;
        } catch (RuntimeException broken) { // a host's generator must not fail the request
            LOG.warn("the correlation id source failed ({}); answering without one", broken.getClass().getName());
            return "-";
        }
    }

    Instant now() {
        return clock.instant();
    }

    // ---- what the code that decides outcomes calls (no-ops outside a call) -------------------------

    /** The current request's correlation id, or {@code null} outside one. */
    static String correlationId() {
        Call call = CURRENT.get();
        return call == null ? null : call.correlationId;
    }

    /** Emits an event to the listeners of the server whose call is running; nothing outside a call. */
    static void emit(OAuthEvent event) {
        Call call = CURRENT.get();
        if (call != null) {
            call.events.publish(event);
        }
    }

    /** The request's client is known (authenticated, or its redirect URI verified). */
    static void noteClient(String clientId) {
        Call call = CURRENT.get();
        if (call != null) {
            call.clientId = clientId;
        }
    }

    /** The token request's grant type is known. */
    static void noteGrantType(id.nu.oauth.client.GrantType grantType) {
        Call call = CURRENT.get();
        if (call != null) {
            call.grantType = grantType;
        }
    }

    /** The request is answered with this error. */
    static void noteError(OAuthError error) {
        Call call = CURRENT.get();
        if (call != null) {
            call.error = error.errorCode();
        }
    }

    /** The endpoint of the running call, or {@code null}. */
    static OAuthEvent.Endpoint endpoint() {
        Call call = CURRENT.get();
        return call == null ? null : call.endpoint;
    }

    /** One endpoint call (or an adapter's whole exchange) on one thread. */
    static final class Call implements RequestScope {
        private final Events events;
        private final String correlationId;
        private final Call previous;
        private final boolean owner;
        private final long started = System.nanoTime();
        private String previousMdc;
        private boolean closed;
        OAuthEvent.Endpoint endpoint;
        String clientId;
        id.nu.oauth.client.GrantType grantType;
        ErrorCode error;

        private Call(Events events, String correlationId, Call previous, boolean owner) {
            this.events = events;
            this.correlationId = correlationId;
            this.previous = previous;
            this.owner = owner;
            if (owner) {
                previousMdc = MDC.get(MDC_KEY);
                MDC.put(MDC_KEY, correlationId);
            }
        }

        @Override
        public String correlationId() {
            return correlationId;
        }

        /**
         * The call is answered: {@link OAuthEvent.ErrorAnswered} for an error, then
         * {@link OAuthEvent.RequestCompleted}. {@code fallbackError} names the error when none was
         * noted (a cached answer).
         */
        void completed(int status, ErrorCode fallbackError) {
            // an error redirect of the authorization endpoint is a 302/303 that answers an error
            ErrorCode answered = status >= 400 ? (error != null ? error : fallbackError)
                    : endpoint == OAuthEvent.Endpoint.AUTHORIZE ? error : null;
            Instant at = events.now();
            if (answered != null) {
                events.publish(new OAuthEvent.ErrorAnswered(at, correlationId, endpoint, clientId, answered, status));
            }
            events.publish(new OAuthEvent.RequestCompleted(at, correlationId, endpoint, clientId, grantType, status,
                    answered, Duration.ofNanos(System.nanoTime() - started)));
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (CURRENT.get() == this) {
                if (previous != null && !previous.closed) {
                    CURRENT.set(previous);
                } else {
                    CURRENT.remove();
                }
            }
            if (owner) {
                if (previousMdc == null) {
                    MDC.remove(MDC_KEY);
                } else {
                    MDC.put(MDC_KEY, previousMdc);
                }
            }
        }
    }
}
