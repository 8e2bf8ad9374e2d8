/**
 * The nuid-oauth storage contract: the client model every host uses ({@code id.nu.oauth.client}),
 * the store interfaces and stored records a store implements ({@code id.nu.oauth.storage}), and the
 * embedded in-memory store ({@code id.nu.oauth.storage.memory}). Depends on nothing but the JDK.
 *
 * <pre>{@code
 * module org.example.portal {
 *     requires id.nu.oauth.storage;   // read by id.nu.oauth.core too, transitively
 * }
 * }</pre>
 */
module id.nu.oauth.storage {
    exports id.nu.oauth.client;
    exports id.nu.oauth.storage;
    exports id.nu.oauth.storage.memory;
}
