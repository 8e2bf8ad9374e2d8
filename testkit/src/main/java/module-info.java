/**
 * The nuid-oauth test kit: {@code OAuthTestServer}, the JUnit 5 extension {@code NuidOAuthExtension}
 * and {@code @NuidOAuthTest}, in the single exported package {@code id.nu.oauth.testkit}. Its
 * signatures name the engine's types and JUnit's extension API, so reading this module reads
 * {@code id.nu.oauth.core} and {@code org.junit.jupiter.api} too.
 *
 * <p>{@code OAuthTestServer.http()} needs the servlet adapter and Jetty: they are optional here, so
 * a test module that calls it requires them itself (or adds them with {@code --add-modules}).
 *
 * <pre>{@code
 * open module org.example.portal.test {   // open: JUnit reflects on the test classes
 *     requires id.nu.oauth.testkit;
 *     requires org.junit.jupiter.api;
 * }
 * }</pre>
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // see the requires below
module id.nu.oauth.testkit {
    requires transitive id.nu.oauth.core;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;
    requires oauth2.oidc.sdk; // the derived name of oauth2-oidc-sdk-11.39.jar, as in id.nu.oauth.core

    // OAuthTestServer.http() only: Jetty with the servlet adapter, when the host has them
    requires static id.nu.oauth.servlet;
    requires static jakarta.servlet;
    requires static org.eclipse.jetty.server;
    requires static org.eclipse.jetty.ee10.servlet;

    exports id.nu.oauth.testkit;
}
