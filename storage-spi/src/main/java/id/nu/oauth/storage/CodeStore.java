package id.nu.oauth.storage;

/**
 * Authorization codes, by hash.
 *
 * <pre>{@code
 * codes.save(code);
 * switch (codes.consume(code.codeHash())) { ... }   // Consumed once, Replayed after
 * }</pre>
 */
public interface CodeStore {

    /** Stores a new code. */
    void save(AuthorizationCode code);

    /**
     * Atomically marks the code consumed. Under any concurrency, across every node sharing the store,
     * at most one caller gets {@link ConsumeResult.Consumed}; later callers get
     * {@link ConsumeResult.Replayed} for as long as the code is kept (at least until it expires).
     */
    ConsumeResult consume(String codeHash);
}
