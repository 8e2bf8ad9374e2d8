package id.nu.oauth.servlet;

/** {@link DpopAndKeysContract} on Jetty. */
class JettyDpopAndKeysTest extends DpopAndKeysContract {
    JettyDpopAndKeysTest() {
        super(TestContainer::jetty, "/portal");
    }
}
