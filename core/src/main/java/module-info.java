/**
 * The nuid-oauth engine: {@code AuthorizationServer}, its request and response values and its one
 * error model, in the single exported package {@code id.nu.oauth.core}. Its public signatures use
 * the storage module's client model and stores, so reading this module reads that one too. Nimbus
 * (JOSE and the OAuth 2.0 SDK) and SLF4J are used inside only: no public signature names them.
 *
 * <pre>{@code
 * module org.example.portal {
 *     requires id.nu.oauth.core;
 * }
 * }</pre>
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // see the requires below
module id.nu.oauth.core {
    requires transitive id.nu.oauth.storage;

    requires com.nimbusds.jose.jwt;
    // Nimbus's OAuth 2.0 SDK and json-smart ship no module name: these are the names the module
    // system derives from their Maven file names (oauth2-oidc-sdk-11.39.jar, json-smart-2.6.0.jar)
    requires oauth2.oidc.sdk;
    requires json.smart;
    requires org.slf4j;
    requires java.net.http; // client jwks_uri fetches and back-channel logout deliveries

    exports id.nu.oauth.core;
}
