package id.nu.oauth.storage;

/**
 * Authorization codes, by hash.
 *
 * <pre>{@code
 * codes.save(code);
 * switch (codes.consume(code.codeHash())) {          // Consumed once, Replayed after, on every node
 *     case ConsumeResult.Consumed c -> grants.createFromCode(grantOf(c.code()), tokens);  // signed outside any lock
 *     case ConsumeResult.Replayed r -> grants.revokeBeforeCreation(grantOf(r.code()), now); // RFC 6749 §4.1.2
 *     case ConsumeResult.NotFound n -> refuse();
 * }
 * }</pre>
 */
public interface CodeStore {

    /** Stores a new code. */
    void save(AuthorizationCode code);

    /**
     * Consumes a code, atomically and at once (no lock is held when this returns). Under any
     * concurrency, across every node sharing the store, at most one caller ever gets
     * {@link ConsumeResult.Consumed}; every later caller gets {@link ConsumeResult.Replayed} for as
     * long as the code is kept (at least until it expires); an unknown code gives
     * {@link ConsumeResult.NotFound}. The caller that consumed the code then checks it, issues its
     * tokens and stores them with {@link GrantStore#createFromCode}; a replay revokes that grant with
     * {@link GrantStore#revokeBeforeCreation}, which holds whichever of the two comes first.
     */
    ConsumeResult consume(String codeHash);
}
