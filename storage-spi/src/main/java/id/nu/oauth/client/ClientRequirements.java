package id.nu.oauth.client;

/**
 * What the engine demands of a client's requests beyond the defaults. All off by default; the
 * server-wide settings can demand the same of every client.
 *
 * <pre>{@code
 * Client.confidential("bank-app", null)
 *         .requirements(new ClientRequirements(true, false, true, false))   // PAR and DPoP
 *         ...
 * }</pre>
 *
 * @param pushedRequests authorize only through a pushed request ({@code require_pushed_authorization_requests},
 *     RFC 9126 §6)
 * @param signedRequests authorize only with a signed request object ({@code require_signed_request_object},
 *     RFC 9101 §10.5)
 * @param dpop sender-constrained access tokens only ({@code dpop_bound_access_tokens}, RFC 9449 §5.2)
 * @param fapi2 the FAPI 2.0 Security Profile: implies PAR, PKCE S256 and sender-constrained tokens
 *     (DPoP or mutual TLS), {@code private_key_jwt} or mutual-TLS client authentication only, and the
 *     profile's algorithms and lifetimes
 * @param certificateBoundTokens access tokens bound to the client's TLS certificate
 *     ({@code tls_client_certificate_bound_access_tokens}, RFC 8705 §3.4): a token request without a
 *     client certificate is refused, and the tokens carry {@code cnf.x5t#S256}
 */
public record ClientRequirements(boolean pushedRequests, boolean signedRequests, boolean dpop, boolean fapi2,
        boolean certificateBoundTokens) {

    /** Nothing beyond the defaults. */
    public static final ClientRequirements NONE = new ClientRequirements(false, false, false, false, false);

    /** The requirements without certificate-bound tokens (the four parts before version 12). */
    public ClientRequirements(boolean pushedRequests, boolean signedRequests, boolean dpop, boolean fapi2) {
        this(pushedRequests, signedRequests, dpop, fapi2, false);
    }

    public ClientRequirements {
        if (fapi2) {
            pushedRequests = true;
        }
    }
}
