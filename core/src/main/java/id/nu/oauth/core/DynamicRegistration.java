package id.nu.oauth.core;

import id.nu.oauth.client.Syntax;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How clients may register themselves (RFC 7591) and manage their registration (RFC 7592): off
 * unless the host passes one of these to {@link AuthorizationServer.Builder#dynamicRegistration}.
 * Registration needs an <em>initial access token</em> the host hands out (RFC 7591 §3); the server
 * keeps only the tokens' SHA-256 hashes and compares them in constant time. Registration open to
 * anyone must be asked for by name ({@link #openToAnyone()}).
 *
 * <p>A registered client gets at most the scopes listed here ({@link #scopes}); a request for any
 * other is {@code invalid_client_metadata}, and a request with no {@code scope} gets all of them.
 * Dynamically registered clients are never first-party: their users always see the consent page.
 *
 * <pre>{@code
 * AuthorizationServer server = AuthorizationServer.builder()
 *         .issuer(URI.create("https://portal.example.or.id/api"))
 *         .dynamicRegistration(DynamicRegistration.initialAccessTokens(System.getenv("NUID_DCR_TOKEN"))
 *                 .scopes("openid", "profile", "email"))
 *         .build();
 * }</pre>
 */
public final class DynamicRegistration {

    /** The shortest initial access token accepted: 32 characters (e.g. {@code SecretHash.generateSecret()}). */
    public static final int MIN_TOKEN_LENGTH = 32;

    private final List<byte[]> tokenHashes;
    private final boolean open;
    private final Set<String> scopes;

    private DynamicRegistration(List<byte[]> tokenHashes, boolean open, Set<String> scopes) {
        this.tokenHashes = tokenHashes;
        this.open = open;
        this.scopes = Set.copyOf(scopes);
    }

    /**
     * Registration for whoever presents one of these initial access tokens as a bearer token
     * (RFC 7591 §3, RFC 6750 §2.1): each at least {@value #MIN_TOKEN_LENGTH} characters of the
     * RFC 6750 {@code b64token} alphabet.
     *
     * @throws IllegalArgumentException if none is given or one is too short or malformed
     */
    public static DynamicRegistration initialAccessTokens(String... tokens) {
        Objects.requireNonNull(tokens, "tokens");
        if (tokens.length == 0) {
            throw new IllegalArgumentException("at least one initial access token is needed; "
                    + "openToAnyone() opens registration without one");
        }
        List<byte[]> hashes = new ArrayList<>();
        for (String token : tokens) {
            Objects.requireNonNull(token, "token");
            if (token.length() < MIN_TOKEN_LENGTH || !BearerCredentials.isB64Token(token)) {
                throw new IllegalArgumentException("an initial access token is at least " + MIN_TOKEN_LENGTH
                        + " characters of A-Z a-z 0-9 - . _ ~ + / (RFC 6750 section 2.1)");
            }
            hashes.add(TokenHasher.sha256(token));
        }
        return new DynamicRegistration(List.copyOf(hashes), false, Set.of());
    }

    /**
     * Registration open to anyone, without an initial access token (RFC 7591 §3: "MAY allow"). Any
     * caller can then create clients: keep the {@linkplain #scopes scopes} narrow.
     */
    public static DynamicRegistration openToAnyone() {
        return new DynamicRegistration(List.of(), true, Set.of());
    }

    /** The same, allowing registered clients these scopes (none by default). */
    public DynamicRegistration scopes(String... allowed) {
        Set<String> all = new LinkedHashSet<>(scopes);
        for (String scope : allowed) {
            if (!Syntax.isScopeToken(scope)) {
                throw new IllegalArgumentException("not a scope token (RFC 6749 section 3.3)");
            }
            all.add(scope);
        }
        return new DynamicRegistration(tokenHashes, open, all);
    }

    /** Whether registration needs no initial access token. */
    public boolean open() {
        return open;
    }

    /** The scopes a registered client may have. */
    public Set<String> allowedScopes() {
        return scopes;
    }

    /** Whether the token is one of the initial access tokens; compares with every one, in constant time each. */
    boolean acceptsInitialToken(String token) {
        byte[] presented = TokenHasher.sha256(token);
        boolean match = false;
        for (byte[] hash : tokenHashes) {
            match |= MessageDigest.isEqual(presented, hash);
        }
        return match;
    }

    /** Names no token. */
    @Override
    public String toString() {
        return "DynamicRegistration[" + (open ? "open" : tokenHashes.size() + " initial access token(s)")
                + ", scopes=" + scopes + "]";
    }
}
