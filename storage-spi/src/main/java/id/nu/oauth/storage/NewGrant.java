package id.nu.oauth.storage;

import java.util.List;
import java.util.Objects;

/**
 * A grant with its first tokens, as the redemption of a code stores them
 * ({@link CodeStore#redeem}).
 *
 * <pre>{@code
 * codes.redeem(codeHash, code -> Optional.of(new NewGrant(grant, List.of(access, refresh))));
 * }</pre>
 *
 * @param grant the new grant
 * @param tokens its first tokens
 */
public record NewGrant(Grant grant, List<Token> tokens) {

    public NewGrant {
        Objects.requireNonNull(grant, "grant");
        tokens = List.copyOf(tokens);
    }
}
