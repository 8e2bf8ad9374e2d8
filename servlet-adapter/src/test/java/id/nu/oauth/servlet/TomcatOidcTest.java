package id.nu.oauth.servlet;

/** {@link OidcContract} on Tomcat, in a web application at /portal (RFC 8414 §3.1's location from the root context). */
class TomcatOidcTest extends OidcContract {
    TomcatOidcTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
