package id.nu.oauth.servlet;

/** {@link BearerFilterContract} on Tomcat. */
class TomcatBearerFilterTest extends BearerFilterContract {
    TomcatBearerFilterTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
