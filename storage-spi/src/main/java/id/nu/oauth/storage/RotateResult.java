package id.nu.oauth.storage;

/**
 * The outcome of {@link TokenStore#rotate}: exactly one caller rotates a given refresh token.
 *
 * <pre>{@code
 * if (tokens.rotate(oldHash, List.of(access, refresh), now) instanceof RotateResult.Reused r) {
 *     grants.revoke(r.token().grantId(), now);   // RFC 9700 §4.14.2
 * }
 * }</pre>
 */
public sealed interface RotateResult {

    /** This caller rotated the token; the new tokens are saved. */
    record Rotated() implements RotateResult {
    }

    /** The token had already been rotated: someone is reusing an old refresh token. */
    record Reused(Token token) implements RotateResult {
    }

    /** The token is unknown, expired or revoked; nothing was saved. */
    record Inactive() implements RotateResult {
    }
}
