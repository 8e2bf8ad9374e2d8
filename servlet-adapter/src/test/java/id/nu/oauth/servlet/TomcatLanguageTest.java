package id.nu.oauth.servlet;

/** {@link LanguageContract} on Tomcat. */
class TomcatLanguageTest extends LanguageContract {
    TomcatLanguageTest() {
        super(TestContainer::tomcat, "/portal");
    }
}
