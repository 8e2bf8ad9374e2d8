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
     * its grant was revoked (or its grant is gone). One lookup; index it.
     */
    Optional<Token> find(String tokenHash);

    /** Stores one token of an existing grant. */
    void save(Token token);

    /** Marks one token revoked. Returns whether a token with that hash existed. */
    boolean revoke(String tokenHash);

    /**
     * Atomic compare-and-swap: if the refresh token is {@link TokenStatus#ACTIVE}, not expired at
     * {@code now} and its grant is not revoked, marks it {@link TokenStatus#ROTATED} and saves
     * {@code newTokens}, all or nothing. Under any concurrency exactly one caller gets
     * {@link RotateResult.Rotated}; a caller presenting an already rotated token gets
     * {@link RotateResult.Reused}.
     */
    RotateResult rotate(String refreshHash, List<Token> newTokens, Instant now);

    /**
     * Keeps a refresh token: if it is active and not expired at {@code now}, moves its expiry to
     * {@code newExpiresAt} and saves {@code newTokens}, all or nothing. Returns whether it did.
     */
    boolean renew(String refreshHash, Instant newExpiresAt, List<Token> newTokens, Instant now);
}
