package id.nu.oauth.servlet;

/** {@link LogoutContract} on Jetty, at the root context. */
class JettyLogoutTest extends LogoutContract {
    JettyLogoutTest() {
        super(TestContainer::jetty, "");
    }
}
