package id.nu.oauth.servlet;

/** {@link MutualTlsContract} on Jetty. */
class JettyMutualTlsTest extends MutualTlsContract {
    JettyMutualTlsTest() {
        super(MutualTlsContract::jetty);
    }
}
