package id.nu.oauth.servlet;

/** {@link DpopAndKeysContract} on Tomcat. */
class TomcatDpopAndKeysTest extends DpopAndKeysContract {
    TomcatDpopAndKeysTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
