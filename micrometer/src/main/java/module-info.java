/**
 * Micrometer meters for nuid-oauth: {@code OAuthMetrics} (an event listener) and
 * {@code TimedStorage} (a timing store wrapper). Their signatures name the engine's, the storage's
 * and Micrometer's types, so reading this module reads those three.
 *
 * <pre>{@code
 * module org.example.portal {
 *     requires id.nu.oauth.micrometer;
 * }
 * }</pre>
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // see the requires below
module id.nu.oauth.micrometer {
    requires transitive id.nu.oauth.core;
    requires transitive micrometer.core; // an automatic module, named by Micrometer's Automatic-Module-Name

    exports id.nu.oauth.micrometer;
}
