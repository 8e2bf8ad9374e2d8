package id.nu.oauth.storage;

import java.util.Optional;

/**
 * Pushed authorization requests (RFC 9126), by the hash of their {@code request_uri}. A request is
 * read while the user signs in and consents, and used up once when the authorization ends.
 *
 * <pre>{@code
 * pushedRequests.save(pushed);
 * PushedRequest p = pushedRequests.find(hash).orElseThrow();   // any number of times
 * if (pushedRequests.consume(hash)) { issueCode(p); }           // exactly once, on every node
 * }</pre>
 */
public interface PushedRequestStore {

    /** Stores a new pushed request. */
    void save(PushedRequest request);

    /** The pushed request with this hash, unless it was consumed or purged. */
    Optional<PushedRequest> find(String requestUriHash);

    /**
     * Uses the request up, atomically: under any concurrency, across every node sharing the store,
     * exactly one caller gets {@code true}; afterwards {@link #find} no longer returns it and every
     * caller gets {@code false}. An unknown hash gives {@code false}.
     */
    boolean consume(String requestUriHash);
}
