package id.nu.oauth.servlet;

/** {@link CorrelationContract} on Tomcat. */
class TomcatCorrelationTest extends CorrelationContract {
    TomcatCorrelationTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
