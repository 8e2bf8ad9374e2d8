package id.nu.oauth.storage;

import java.util.List;

/**
 * The server's JWS signing keys, shared by every node: each row is a {@link StoredSigningKey}, its
 * private part encrypted by the key source before it gets here. Rotation is a compare-and-set on
 * the generation: of all the nodes that find the current key due for rotation at once, exactly one
 * adds its successor, and the others read it.
 *
 * <pre>{@code
 * List<StoredSigningKey> keys = store.findAll();
 * if (!store.add(successor)) {        // generation n+1 of this algorithm exists already
 *     keys = store.findAll();        // another node rotated: use its key
 * }
 * }</pre>
 */
public interface SigningKeyStore {

    /** Every stored key that was not purged, ordered by algorithm, then generation. */
    List<StoredSigningKey> findAll();

    /**
     * Adds a key unless its algorithm already has a key of the same generation (or a key has its
     * {@code kid}). Under any concurrency, across every node sharing the store, exactly one caller
     * per algorithm and generation gets {@code true}; the others get {@code false} and store nothing.
     */
    boolean add(StoredSigningKey key);
}
