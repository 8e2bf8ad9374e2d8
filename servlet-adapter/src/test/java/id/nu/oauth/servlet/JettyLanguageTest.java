package id.nu.oauth.servlet;

/** {@link LanguageContract} on Jetty. */
class JettyLanguageTest extends LanguageContract {
    JettyLanguageTest() {
        super(TestContainer::jetty, "");
    }
}
