package id.nu.oauth.storage;

import java.util.Optional;
import java.util.function.Function;

/**
 * Authorization codes, by hash.
 *
 * <pre>{@code
 * codes.save(code);
 * ConsumeResult r = codes.redeem(code.codeHash(), c -> checksPass(c)
 *         ? Optional.of(new NewGrant(grant, tokens)) : Optional.empty());   // Consumed once, Replayed after
 * }</pre>
 */
public interface CodeStore {

    /** Stores a new code. */
    void save(AuthorizationCode code);

    /**
     * Redeems a code: consumes it and stores the grant that {@code issue} makes of it, as one atomic
     * unit. Under any concurrency, across every node sharing the store:
     * <ul>
     * <li>at most one caller gets {@link ConsumeResult.Consumed}, and {@code issue} runs only for
     *     that caller (with the stored code; it returns the grant and tokens to store, or empty to
     *     burn the code without issuing anything, e.g. when the PKCE verifier is wrong);</li>
     * <li>the grant and its tokens are stored together with the consumption (as
     *     {@link GrantStore#create} would);</li>
     * <li>any other caller for the same code gets {@link ConsumeResult.Replayed} only after that unit
     *     is complete, so a replay that revokes the code's grant (RFC 6749 §4.1.2) always finds it;</li>
     * <li>callers keep getting {@link ConsumeResult.Replayed} for as long as the code is kept (at least
     *     until it expires); an unknown code gives {@link ConsumeResult.NotFound}.</li>
     * </ul>
     * If {@code issue} or storing the grant fails, the exception propagates and no part of the grant
     * is stored; a transactional store also rolls the consumption back, a non-transactional one may
     * leave the code consumed.
     */
    ConsumeResult redeem(String codeHash, Function<AuthorizationCode, Optional<NewGrant>> issue);

    /** Consumes the code without issuing anything: {@code redeem(codeHash, code -> Optional.empty())}. */
    default ConsumeResult consume(String codeHash) {
        return redeem(codeHash, code -> Optional.empty());
    }
}
