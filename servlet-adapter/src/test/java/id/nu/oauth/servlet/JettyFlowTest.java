package id.nu.oauth.servlet;

/** {@link FlowContract} on Jetty. */
class JettyFlowTest extends FlowContract {
    JettyFlowTest() {
        super(TestContainer::jetty, "");
    }
}
