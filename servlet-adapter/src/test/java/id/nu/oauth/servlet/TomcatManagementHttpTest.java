package id.nu.oauth.servlet;

/** {@link ManagementHttpContract} on Tomcat. */
class TomcatManagementHttpTest extends ManagementHttpContract {
    TomcatManagementHttpTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
