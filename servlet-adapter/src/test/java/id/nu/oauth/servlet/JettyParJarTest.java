package id.nu.oauth.servlet;

/** {@link ParJarContract} on Jetty, at the root context. */
class JettyParJarTest extends ParJarContract {
    JettyParJarTest() {
        super(TestContainer::jetty, "");
    }
}
