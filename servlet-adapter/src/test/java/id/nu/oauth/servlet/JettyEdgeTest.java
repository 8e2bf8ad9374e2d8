package id.nu.oauth.servlet;

/** {@link EdgeContract} on Jetty. */
class JettyEdgeTest extends EdgeContract {
    JettyEdgeTest() {
        super(TestContainer::jetty, "");
    }
}
