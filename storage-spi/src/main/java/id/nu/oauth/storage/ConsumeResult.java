package id.nu.oauth.storage;

/**
 * The outcome of {@link CodeStore#consume(String)}: at most one caller ever sees {@link Consumed} for a
 * given code.
 *
 * <pre>{@code
 * if (codes.consume(hash) instanceof ConsumeResult.Replayed r) {
 *     grants.revokeBeforeCreation(grantOf(r.code()), now);   // RFC 6749 §4.1.2
 * }
 * }</pre>
 */
public sealed interface ConsumeResult {

    /** This caller consumed the code: the only one who ever will. */
    record Consumed(AuthorizationCode code) implements ConsumeResult {
    }

    /** The code was consumed before: a replay. */
    record Replayed(AuthorizationCode code) implements ConsumeResult {
    }

    /** No such code (never issued, or forgotten after it expired). */
    record NotFound() implements ConsumeResult {
    }
}
