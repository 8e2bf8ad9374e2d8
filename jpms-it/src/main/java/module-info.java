/**
 * A host on the module path: it requires the published nuid-oauth modules by name and sees only
 * what they export. The tests in this module's test sources run inside it.
 */
@SuppressWarnings("requires-automatic") // com.h2database: H2's own Automatic-Module-Name
open module id.nu.oauth.jpms.it { // open: JUnit reflects on the test classes patched into it
    requires transitive id.nu.oauth.core;
    requires transitive id.nu.oauth.micrometer;
    requires id.nu.oauth.storage.jdbc;
    requires id.nu.oauth.testkit;
    // what OAuthTestServer.http() needs, optional in the kit, so named by the host
    requires id.nu.oauth.servlet;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.ee10.servlet;
    requires java.net.http;
    requires com.h2database;

    exports id.nu.oauth.jpms.it;
}
