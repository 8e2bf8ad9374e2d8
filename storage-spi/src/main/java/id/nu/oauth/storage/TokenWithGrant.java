package id.nu.oauth.storage;

import java.util.Objects;

/**
 * A token together with the grant it belongs to, as one lookup returns them (see
 * {@link Storage#findTokenWithGrant}).
 *
 * <pre>{@code
 * storage.findTokenWithGrant(hash).map(t -> t.grant() == null ? null : t.grant().authTime());
 * }</pre>
 *
 * @param token the token, its status as {@link TokenStore#find} reports it
 * @param grant its grant, or {@code null} if the grant is gone
 */
public record TokenWithGrant(Token token, Grant grant) {

    public TokenWithGrant {
        Objects.requireNonNull(token, "token");
    }
}
