package id.nu.oauth.examples;

import java.net.URI;
import java.util.Objects;

/**
 * A started demo portal in some container.
 *
 * <pre>{@code
 * try (RunningDemo demo = JettyDemo.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
 *     URI home = demo.origin().resolve("/");
 * }
 * }</pre>
 */
final class RunningDemo implements AutoCloseable {

    /** What the demo needs of the container it runs in. */
    interface Container {
        /** Waits until the server stops. */
        void join() throws InterruptedException;

        /** Stops the server. */
        void stop() throws Exception;
    }

    private final URI origin;
    private final DemoPortal portal;
    private final Container container;
    private final Runnable afterStop;
    private boolean closed;

    /**
     * @param afterStop runs once the container and the portal (its storage) are closed, e.g. to delete
     *     the container's working folder
     */
    RunningDemo(URI origin, DemoPortal portal, Container container, Runnable afterStop) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.portal = Objects.requireNonNull(portal, "portal");
        this.container = Objects.requireNonNull(container, "container");
        this.afterStop = Objects.requireNonNull(afterStop, "afterStop");
    }

    /** {@code http://127.0.0.1:<port>}. */
    URI origin() {
        return origin;
    }

    /** The portal's setup. */
    DemoPortal portal() {
        return portal;
    }

    /** Waits until the server stops. */
    void join() throws InterruptedException {
        container.join();
    }

    /** Stops the server, then closes the portal's storage; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            container.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the container did not stop cleanly", e);
        } finally {
            try {
                portal.close(); // the pool outlives the requests, not the server
            } finally {
                afterStop.run();
            }
        }
    }
}
