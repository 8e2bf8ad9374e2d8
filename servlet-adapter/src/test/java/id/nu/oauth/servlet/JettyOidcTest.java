package id.nu.oauth.servlet;

/** {@link OidcContract} on Jetty, at the root context. */
class JettyOidcTest extends OidcContract {
    JettyOidcTest() {
        super(TestContainer::jetty, "");
    }
}
