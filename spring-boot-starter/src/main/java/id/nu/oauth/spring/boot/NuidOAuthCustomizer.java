package id.nu.oauth.spring.boot;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.servlet.OAuthEndpoints;

/**
 * A bean that adjusts what the starter builds from the properties, for what properties cannot say:
 * a {@code ClaimsSource}, signing keys of its own, a client built in code, the pages'
 * language bundles. Every customizer bean is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * NuidOAuthCustomizer portalClaims(MemberDirectory members) {
 *     return new NuidOAuthCustomizer() {
 *         public void customize(AuthorizationServer.Builder server) {
 *             server.claimsSource(members::claims).idTokenSigningAlgorithm(SigningAlgorithm.ES256);
 *         }
 *
 *         public void customize(OAuthEndpoints.Builder endpoints) {
 *             endpoints.messages("org.example.portal.messages");
 *         }
 *     };
 * }
 * }</pre>
 */
public interface NuidOAuthCustomizer {

    /** Adjusts the engine's builder after the properties were applied. */
    default void customize(AuthorizationServer.Builder server) {
    }

    /** Adjusts the endpoints' builder after the properties were applied. */
    default void customize(OAuthEndpoints.Builder endpoints) {
    }
}
