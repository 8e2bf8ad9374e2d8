package id.nu.oauth.examples;

import java.net.URI;

/**
 * A started demo portal in some container.
 *
 * <pre>{@code
 * try (RunningDemo demo = JettyDemo.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
 *     URI home = demo.origin().resolve("/");
 * }
 * }</pre>
 */
interface RunningDemo extends AutoCloseable {

    /** {@code http://127.0.0.1:<port>}. */
    URI origin();

    /** The portal's setup. */
    DemoPortal portal();

    /** Waits until the server stops. */
    void join() throws InterruptedException;

    /** Stops the server; safe to call twice. */
    @Override
    void close();
}
