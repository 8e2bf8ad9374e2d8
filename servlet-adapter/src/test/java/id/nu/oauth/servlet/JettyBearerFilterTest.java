package id.nu.oauth.servlet;

/** {@link BearerFilterContract} on Jetty. */
class JettyBearerFilterTest extends BearerFilterContract {
    JettyBearerFilterTest() {
        super(TestContainer::jetty, "");
    }
}
