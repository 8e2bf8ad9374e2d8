package id.nu.oauth.servlet;

/** {@link ResourceAndAcrContract} on Jetty, at the root context. */
class JettyResourceAndAcrTest extends ResourceAndAcrContract {
    JettyResourceAndAcrTest() {
        super(TestContainer::jetty, "");
    }
}
