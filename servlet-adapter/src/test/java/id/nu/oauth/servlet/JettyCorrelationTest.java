package id.nu.oauth.servlet;

/** {@link CorrelationContract} on Jetty. */
class JettyCorrelationTest extends CorrelationContract {
    JettyCorrelationTest() {
        super(TestContainer::jetty, "");
    }
}
