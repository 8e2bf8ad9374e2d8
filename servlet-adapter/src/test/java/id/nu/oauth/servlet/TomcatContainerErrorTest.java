package id.nu.oauth.servlet;

/** {@link ContainerErrorContract} on Tomcat, the web application under a context path. */
class TomcatContainerErrorTest extends ContainerErrorContract {
    TomcatContainerErrorTest() {
        super(ErrorHandlingHost::tomcat, "/portal", Expect.TOMCAT);
    }
}
