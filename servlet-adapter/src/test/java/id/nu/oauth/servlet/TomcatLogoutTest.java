package id.nu.oauth.servlet;

/** {@link LogoutContract} on Tomcat, in a web application at /portal. */
class TomcatLogoutTest extends LogoutContract {
    TomcatLogoutTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
