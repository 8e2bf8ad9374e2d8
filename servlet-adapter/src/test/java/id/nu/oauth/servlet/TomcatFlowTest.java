package id.nu.oauth.servlet;

/** {@link FlowContract} on Tomcat. */
class TomcatFlowTest extends FlowContract {
    TomcatFlowTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
