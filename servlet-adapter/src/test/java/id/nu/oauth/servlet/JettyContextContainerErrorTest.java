package id.nu.oauth.servlet;

/** {@link ContainerErrorContract} on Jetty, the web application under a context path. */
class JettyContextContainerErrorTest extends ContainerErrorContract {
    JettyContextContainerErrorTest() {
        super(ErrorHandlingHost::jetty, "/portal", Expect.JETTY);
    }
}
