package id.nu.oauth.core;

import com.nimbusds.jose.JWSAlgorithm;
import id.nu.oauth.client.Client;
import java.time.Duration;
import java.util.Set;

/**
 * The FAPI 2.0 Security Profile's rules that go beyond a client's other requirements, in one place
 * (FAPI 2.0 Security Profile, Final, §5.3 and §5.4). A client registered with
 * {@code ClientRequirements.fapi2()} is held to them; the rest of the profile is enforced where the
 * rule lives: PAR required ({@code ClientRequirements}), PKCE S256 and {@code private_key_jwt},
 * {@code tls_client_auth} or {@code self_signed_tls_client_auth} only (the {@code Client} constructor),
 * sender-constrained tokens (at the token endpoint: DPoP, RFC 9449, or without a proof the TLS
 * client certificate, RFC 8705 §3), {@code iss} on every authorization response (always on).
 */
final class Fapi2 {

    /** §5.4.1: PS256, ES256 or EdDSA (Ed25519); never RS256. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    /** §5.3.2.1 item 11: authorization codes live at most 60 seconds. */
    static final Duration MAX_CODE_LIFETIME = Duration.ofSeconds(60);

    private Fapi2() {
    }

    static boolean applies(Client client) {
        return client != null && client.requirements().fapi2();
    }

    /** Whether a client assertion, DPoP proof or request object of this client may use {@code alg}. */
    static boolean allows(Client client, JWSAlgorithm alg) {
        return !applies(client) || ALGORITHMS.contains(alg);
    }

    /** The lifetime of a code issued to this client. */
    static Duration codeLifetime(Client client, Duration configured) {
        return applies(client) && configured.compareTo(MAX_CODE_LIFETIME) > 0 ? MAX_CODE_LIFETIME : configured;
    }
}
