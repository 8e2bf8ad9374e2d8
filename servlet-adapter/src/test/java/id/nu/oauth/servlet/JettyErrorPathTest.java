package id.nu.oauth.servlet;

/** {@link ErrorPathContract} on Jetty. */
class JettyErrorPathTest extends ErrorPathContract {
    JettyErrorPathTest() {
        super(TestContainer::jetty, "");
    }
}
