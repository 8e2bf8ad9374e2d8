package id.nu.oauth.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Access and refresh tokens, by hash.
 *
 * <pre>{@code
 * tokens.find(sha256Base64Url(value)).filter(t -> t.isUsableAt(now))
 * }</pre>
 */
public interface TokenStore {

    /**
     * The token with this hash, its status reporting {@link TokenStatus#REVOKED} when the token or
     * its grant was revoked (or its grant is gone), or when its client is disabled or deleted: a
     * disable seen by the store stops the client's tokens at once, on every node. One lookup; index it.
     */
    Optional<Token> find(String tokenHash);

    /** Stores one token of an existing grant. */
    void save(Token token);

    /** Marks one token revoked. Returns whether a token with that hash existed. */
    boolean revoke(String tokenHash);

    /**
     * Atomic compare-and-swap: if the refresh token is {@link TokenStatus#ACTIVE}, not expired at
     * {@code now}, its grant is not revoked and its client is registered and enabled, marks it
     * {@link TokenStatus#ROTATED} (remembering {@code now} as when) and saves {@code newTokens}, and
     * records {@code now} as the grant's last use, all or nothing. Under any concurrency exactly one caller gets
     * {@link RotateResult.Rotated}; a caller presenting an already rotated token gets
     * {@link RotateResult.Reused}.
     */
    RotateResult rotate(String refreshHash, List<Token> newTokens, Instant now);

    /**
     * Keeps a refresh token: if it is active and not expired at {@code now} (and its grant and
     * client are live, as for {@link #rotate}), moves its expiry to {@code newExpiresAt} and saves
     * {@code newTokens}, and records {@code now} as the grant's last use, all or nothing. Returns
     * whether it did.
     */
    boolean renew(String refreshHash, Instant newExpiresAt, List<Token> newTokens, Instant now);

    /**
     * Takes one reuse of a rotated refresh token inside its client's grace window, atomically: if the
     * token is {@link TokenStatus#ROTATED}, was rotated after {@code rotatedAfter} (now minus the
     * window), has had fewer than {@code maxReuses} grace reuses, is not expired at {@code now}, and
     * its grant and client are live, counts one reuse, saves {@code newTokens} and records {@code now}
     * as the grant's last use, all or nothing. Under any concurrency, across nodes, at most
     * {@code maxReuses} callers get {@code true} for one rotated token.
     */
    boolean takeGraceReuse(String refreshHash, Instant rotatedAfter, int maxReuses, List<Token> newTokens,
            Instant now);
}
