package id.nu.oauth.core;

/**
 * One request's correlation id, from {@link AuthorizationServer#requestScope()}: while the scope is
 * open, every engine call on this thread uses its id for its events, and the SLF4J MDC holds it
 * under {@value #MDC_KEY}; closing the scope removes it (and restores whatever was there before).
 * The engine's JSON answers carry it in the {@value #HEADER} header.
 *
 * <p>An adapter opens one around the whole HTTP exchange, so that pages it renders after the engine's
 * call (an error page) can show the id for the user to quote to a helpdesk. Without an open scope,
 * each engine call opens its own.
 *
 * <pre>{@code
 * try (RequestScope scope = server.requestScope()) {
 *     response.setHeader(RequestScope.HEADER, scope.correlationId());
 *     AuthorizeResult r = server.authorize(request);
 *     // ... render, logging with the id in the MDC ...
 * }
 * }</pre>
 */
public interface RequestScope extends AutoCloseable {

    /** The MDC key of the correlation id. */
    String MDC_KEY = "nuid.correlation_id";

    /** The response header that carries the correlation id. */
    String HEADER = "X-Correlation-Id";

    /** This request's correlation id: short, random, URL-safe. */
    String correlationId();

    /** Ends the scope on this thread; closing it twice does nothing. */
    @Override
    void close();
}
