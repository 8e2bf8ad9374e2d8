package id.nu.oauth.servlet;

/** {@link EdgeContract} on Tomcat. */
class TomcatEdgeTest extends EdgeContract {
    TomcatEdgeTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
