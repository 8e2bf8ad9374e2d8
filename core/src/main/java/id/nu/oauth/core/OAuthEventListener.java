package id.nu.oauth.core;

/**
 * Receives the engine's {@link OAuthEvent}s: the host's audit log, alerting or metrics (the
 * {@code nuid-oauth-micrometer} module has one). Register any number with
 * {@link AuthorizationServer.Builder#eventListener}; the {@linkplain #logging() logging listener}
 * is there unless turned off.
 *
 * <p>Called synchronously on the request's thread, after the outcome is decided, in the order
 * registered: keep it quick (hand slow work to a queue). A listener that throws never fails the
 * request: the engine catches it and logs a WARN line naming the listener's class (never the
 * exception's message, which may hold data) the first time, DEBUG afterwards.
 *
 * <pre>{@code
 * OAuthEventListener audit = event -> auditTable.insert(event.type(), event.at(),
 *         event.clientId(), event.subject(), event.grantId(), event.correlationId());
 * AuthorizationServer.builder().issuer(issuer).eventListener(audit).build();
 * }</pre>
 */
@FunctionalInterface
public interface OAuthEventListener {

    /** Called once per event. */
    void onEvent(OAuthEvent event);

    /**
     * The default listener: one line per event through SLF4J, logger {@value LoggingEventListener#LOGGER},
     * at the event's {@link OAuthEvent#severity()}, such as
     * {@code event=code.replayed client=mobile-app subject=u-42 grant=Gx3… correlation=k2Lw…}.
     */
    static OAuthEventListener logging() {
        return LoggingEventListener.INSTANCE;
    }
}
