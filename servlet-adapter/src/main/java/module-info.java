/**
 * The servlet adapter of nuid-oauth: {@code OAuthEndpoints} (the endpoints as one servlet),
 * {@code BearerTokenFilter}, the consent and logout hand-offs, and the containers' error-page
 * hooks, in the single exported package {@code id.nu.oauth.servlet}. Its signatures name the
 * engine's and the Servlet API's types, so reading this module reads {@code id.nu.oauth.core} and
 * {@code jakarta.servlet} too.
 *
 * <p>Jetty is optional ({@code JettyErrorHandler} only). Tomcat is not named here:
 * {@code tomcat-embed-core} carries its own copy of the Servlet API packages, so it cannot share a
 * module graph with {@code jakarta.servlet}. A host that uses {@code TomcatErrorReportValve} runs
 * Tomcat on the class path and adds {@code --add-reads id.nu.oauth.servlet=ALL-UNNAMED}.
 *
 * <pre>{@code
 * module org.example.portal {
 *     requires id.nu.oauth.servlet;
 *     opens org.example.portal.i18n;  // only for OAuthEndpoints.Builder.messages("org.example.portal.i18n.messages")
 * }
 * }</pre>
 */
module id.nu.oauth.servlet {
    requires transitive id.nu.oauth.core;
    requires transitive jakarta.servlet;
    requires org.slf4j;

    // JettyErrorHandler extends Jetty's ErrorHandler; a host without Jetty never loads it
    requires static transitive org.eclipse.jetty.server;

    exports id.nu.oauth.servlet;
}
