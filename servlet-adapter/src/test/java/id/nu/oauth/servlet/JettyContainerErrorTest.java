package id.nu.oauth.servlet;

/** {@link ContainerErrorContract} on Jetty, the web application at the root. */
class JettyContainerErrorTest extends ContainerErrorContract {
    JettyContainerErrorTest() {
        super(ErrorHandlingHost::jetty, "", Expect.JETTY);
    }
}
