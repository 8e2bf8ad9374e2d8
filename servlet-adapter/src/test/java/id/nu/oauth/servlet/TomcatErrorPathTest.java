package id.nu.oauth.servlet;

/** {@link ErrorPathContract} on Tomcat. */
class TomcatErrorPathTest extends ErrorPathContract {
    TomcatErrorPathTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
