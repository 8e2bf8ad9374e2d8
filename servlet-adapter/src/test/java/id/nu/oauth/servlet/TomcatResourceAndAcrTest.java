package id.nu.oauth.servlet;

/** {@link ResourceAndAcrContract} on Tomcat, in a web application at /portal. */
class TomcatResourceAndAcrTest extends ResourceAndAcrContract {
    TomcatResourceAndAcrTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
