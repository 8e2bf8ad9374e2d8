package id.nu.oauth.servlet;

/** {@link MutualTlsContract} on Tomcat. */
class TomcatMutualTlsTest extends MutualTlsContract {
    TomcatMutualTlsTest() {
        super(MutualTlsContract::tomcat);
    }
}
