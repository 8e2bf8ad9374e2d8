package id.nu.oauth.storage;

/**
 * What a single-use value is, so that values of different kinds never collide in a
 * {@link SingleUseStore}.
 *
 * <pre>{@code
 * boolean first = storage.singleUse().markUsed(SingleUseKind.CLIENT_ASSERTION, hashOfClientAndJti, exp);
 * }</pre>
 */
public enum SingleUseKind {
    /** The {@code jti} of a DPoP proof, per key (RFC 9449 §11.1). */
    DPOP_PROOF,
    /** The {@code jti} of a client assertion, per client (RFC 7523 §3, item 7). */
    CLIENT_ASSERTION
}
