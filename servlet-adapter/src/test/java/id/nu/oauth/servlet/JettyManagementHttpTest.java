package id.nu.oauth.servlet;

/** {@link ManagementHttpContract} on Jetty. */
class JettyManagementHttpTest extends ManagementHttpContract {
    JettyManagementHttpTest() {
        super(TestContainer::jetty, "");
    }
}
