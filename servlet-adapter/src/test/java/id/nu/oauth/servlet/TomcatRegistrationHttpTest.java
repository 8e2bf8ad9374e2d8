package id.nu.oauth.servlet;

/** {@link RegistrationHttpContract} on Tomcat. */
class TomcatRegistrationHttpTest extends RegistrationHttpContract {
    TomcatRegistrationHttpTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
