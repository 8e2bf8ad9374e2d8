package id.nu.oauth.servlet;

/** {@link Fapi2ServerContract} on Jetty. */
class JettyFapi2ServerTest extends Fapi2ServerContract {
    JettyFapi2ServerTest() {
        super(TestContainer::jetty, "/portal");
    }
}
