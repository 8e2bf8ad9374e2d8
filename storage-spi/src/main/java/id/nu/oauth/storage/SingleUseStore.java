package id.nu.oauth.storage;

import java.time.Instant;

/**
 * Values that may be used only once: the {@code jti} of a DPoP proof (RFC 9449 §11.1) and of a
 * client assertion (RFC 7523 §3). The engine hashes each value (with the key or client it belongs
 * to) before it gets here.
 *
 * <pre>{@code
 * if (!storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, hash, proofIssuedAt.plusSeconds(300))) {
 *     refuse("invalid_dpop_proof");   // seen before, on this node or any other
 * }
 * }</pre>
 */
public interface SingleUseStore {

    /**
     * Records the first use of a value and keeps it until {@code keepUntil}. Under any concurrency,
     * across every node sharing the store, exactly one caller gets {@code true} for a given kind and
     * hash; every other caller gets {@code false} for as long as the value is kept. The store may
     * forget the value after {@code keepUntil} (the engine refuses a value that old anyway).
     */
    boolean markUsed(SingleUseKind kind, String valueHash, Instant keepUntil);
}
