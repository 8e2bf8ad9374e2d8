package id.nu.oauth.servlet;

/** {@link RegistrationHttpContract} on Jetty. */
class JettyRegistrationHttpTest extends RegistrationHttpContract {
    JettyRegistrationHttpTest() {
        super(TestContainer::jetty, "");
    }
}
