package id.nu.oauth.servlet;

/** {@link Fapi2ServerContract} on Tomcat. */
class TomcatFapi2ServerTest extends Fapi2ServerContract {
    TomcatFapi2ServerTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
