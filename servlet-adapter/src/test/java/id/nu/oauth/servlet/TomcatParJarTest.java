package id.nu.oauth.servlet;

/** {@link ParJarContract} on Tomcat, under a context path. */
class TomcatParJarTest extends ParJarContract {
    TomcatParJarTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
