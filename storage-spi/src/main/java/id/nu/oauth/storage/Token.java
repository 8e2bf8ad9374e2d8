package id.nu.oauth.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An issued access or refresh token, stored by its hash.
 *
 * <pre>{@code
 * Token access = Token.active(hash, TokenKind.ACCESS, grantId, "mobile-app", "user-42",
 *         Set.of("openid"), now, now.plus(Duration.ofMinutes(15)), now.plus(Duration.ofMinutes(15)));
 * }</pre>
 *
 * @param tokenHash SHA-256 of the token, base64url; the token itself is never stored
 * @param kind access or refresh
 * @param grantId the grant it belongs to
 * @param clientId the client it was issued to
 * @param subject the user, or {@code null} for a client acting for itself
 * @param scopes the scopes it carries
 * @param issuedAt when it was issued
 * @param expiresAt when it stops working (for refresh tokens: the idle limit)
 * @param absoluteExpiresAt the latest instant any successor may live to (a refresh token's absolute
 *     lifetime, carried across rotation); equals expiresAt for access tokens
 * @param status active, rotated or revoked
 * @param jkt the JWK SHA-256 thumbprint of the DPoP key the token is bound to (RFC 9449 §6.1), or
 *     {@code null} for a token bound to no key
 * @param resources the resource indicators (RFC 8707) it is for: an access token's audience, a
 *     refresh token's resources it may ask access tokens for; empty: none were asked for
 * @param x5t the base64url SHA-256 thumbprint of the DER of the TLS client certificate the token is
 *     bound to (RFC 8705 §3.1, {@code cnf.x5t#S256}), or {@code null} for a token bound to no certificate
 */
public record Token(
        String tokenHash,
        TokenKind kind,
        String grantId,
        String clientId,
        String subject,
        Set<String> scopes,
        Instant issuedAt,
        Instant expiresAt,
        Instant absoluteExpiresAt,
        TokenStatus status,
        String jkt,
        Set<String> resources,
        String x5t) {

    public Token {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
        Objects.requireNonNull(status, "status");
        scopes = Set.copyOf(scopes);
        resources = Set.copyOf(resources == null ? Set.of() : resources);
        if (expiresAt.isAfter(absoluteExpiresAt)) {
            throw new IllegalArgumentException("a token cannot expire after its absolute limit");
        }
    }

    /** A token bound to a DPoP key or to none, with resource indicators, bound to no certificate (the parts before version 12). */
    public Token(String tokenHash, TokenKind kind, String grantId, String clientId, String subject, Set<String> scopes,
            Instant issuedAt, Instant expiresAt, Instant absoluteExpiresAt, TokenStatus status, String jkt,
            Set<String> resources) {
        this(tokenHash, kind, grantId, clientId, subject, scopes, issuedAt, expiresAt, absoluteExpiresAt, status, jkt,
                resources, null);
    }

    /**
     * A token bound to no key (a bearer token, or a refresh token bound by client authentication) and
     * without resource indicators (the ten parts before versions 9 and 10).
     */
    public Token(String tokenHash, TokenKind kind, String grantId, String clientId, String subject, Set<String> scopes,
            Instant issuedAt, Instant expiresAt, Instant absoluteExpiresAt, TokenStatus status) {
        this(tokenHash, kind, grantId, clientId, subject, scopes, issuedAt, expiresAt, absoluteExpiresAt, status, null,
                Set.of());
    }

    /** A token bound to a DPoP key, or to none, without resource indicators (the parts of version 10). */
    public Token(String tokenHash, TokenKind kind, String grantId, String clientId, String subject, Set<String> scopes,
            Instant issuedAt, Instant expiresAt, Instant absoluteExpiresAt, TokenStatus status, String jkt) {
        this(tokenHash, kind, grantId, clientId, subject, scopes, issuedAt, expiresAt, absoluteExpiresAt, status, jkt,
                Set.of());
    }

    /** A token bound to no key, with resource indicators (the parts of version 9). */
    public Token(String tokenHash, TokenKind kind, String grantId, String clientId, String subject, Set<String> scopes,
            Instant issuedAt, Instant expiresAt, Instant absoluteExpiresAt, TokenStatus status,
            Set<String> resources) {
        this(tokenHash, kind, grantId, clientId, subject, scopes, issuedAt, expiresAt, absoluteExpiresAt, status, null,
                resources);
    }

    /** Whether the token is bound to a DPoP key (RFC 9449 §6): usable only with a proof of that key. */
    public boolean senderConstrained() {
        return jkt != null;
    }

    /**
     * Whether the token is bound to a TLS client certificate (RFC 8705 §3): usable only over a
     * connection with that certificate.
     */
    public boolean certificateBound() {
        return x5t != null;
    }

    /** A new active token. */
    public static Token active(String tokenHash, TokenKind kind, String grantId, String clientId, String subject,
            Set<String> scopes, Instant issuedAt, Instant expiresAt, Instant absoluteExpiresAt) {
        return new Token(tokenHash, kind, grantId, clientId, subject, scopes, issuedAt, expiresAt,
                absoluteExpiresAt, TokenStatus.ACTIVE, null, Set.of(), null);
    }

    /** Starts an active token by its hash and kind; every other part is named as it is set. */
    public static Builder builder(String tokenHash, TokenKind kind) {
        return new Builder(tokenHash, kind);
    }

    /**
     * Builds a {@link Token} part by part instead of ten positional arguments; {@link #build()}
     * checks it as the constructor does.
     *
     * <pre>{@code
     * Token access = Token.builder(hash, TokenKind.ACCESS).grant(grantId, "mobile-app", "user-42")
     *         .scopes(Set.of("profile")).lifetime(now, now.plusSeconds(900), now.plusSeconds(900)).build();
     * }</pre>
     */
    public static final class Builder {
        private final String tokenHash;
        private final TokenKind kind;
        private String grantId;
        private String clientId;
        private String subject;
        private Set<String> scopes = Set.of();
        private Instant issuedAt;
        private Instant expiresAt;
        private Instant absoluteExpiresAt;
        private TokenStatus status = TokenStatus.ACTIVE;
        private String jkt;
        private Set<String> resources = Set.of();
        private String x5t;

        private Builder(String tokenHash, TokenKind kind) {
            this.tokenHash = tokenHash;
            this.kind = kind;
        }

        /** Its grant, the client it was issued to, and the user ({@code null} for a client acting for itself). */
        public Builder grant(String grantId, String clientId, String subject) {
            this.grantId = grantId;
            this.clientId = clientId;
            this.subject = subject;
            return this;
        }

        /** Its scopes. */
        public Builder scopes(Set<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        /** When it was issued, when it expires, and the latest it may ever expire (its grant's limit). */
        public Builder lifetime(Instant issuedAt, Instant expiresAt, Instant absoluteExpiresAt) {
            this.issuedAt = issuedAt;
            this.expiresAt = expiresAt;
            this.absoluteExpiresAt = absoluteExpiresAt;
            return this;
        }

        /** Its status ({@link TokenStatus#ACTIVE} unless set). */
        public Builder status(TokenStatus status) {
            this.status = status;
            return this;
        }

        /** Binds it to a DPoP key by the key's JWK SHA-256 thumbprint (RFC 9449 §6.1), or to none. */
        public Builder boundTo(String jwkThumbprint) {
            this.jkt = jwkThumbprint;
            return this;
        }

        /**
         * Binds it to a TLS client certificate by the base64url SHA-256 thumbprint of its DER
         * (RFC 8705 §3.1, {@code x5t#S256}), or to none.
         */
        public Builder boundToCertificate(String certificateThumbprint) {
            this.x5t = certificateThumbprint;
            return this;
        }

        /** The resource indicators it is for (RFC 8707); none unless set. */
        public Builder resources(Set<String> resources) {
            this.resources = resources;
            return this;
        }

        /** The token, checked. */
        public Token build() {
            return new Token(tokenHash, kind, grantId, clientId, subject, scopes, issuedAt, expiresAt,
                    absoluteExpiresAt, status, jkt, resources, x5t);
        }
    }

    /** The same token with another status. */
    public Token withStatus(TokenStatus newStatus) {
        return new Token(tokenHash, kind, grantId, clientId, subject, scopes, issuedAt, expiresAt,
                absoluteExpiresAt, newStatus, jkt, resources, x5t);
    }

    /** The same token with another (idle) expiry. */
    public Token withExpiresAt(Instant newExpiresAt) {
        return new Token(tokenHash, kind, grantId, clientId, subject, scopes, issuedAt, newExpiresAt,
                absoluteExpiresAt, status, jkt, resources, x5t);
    }

    /** Whether it is active and not expired at {@code now}. */
    public boolean isUsableAt(Instant now) {
        return status == TokenStatus.ACTIVE && now.isBefore(expiresAt);
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "Token[" + kind + ", grant=" + grantId + ", client=" + clientId + ", " + status + "]";
    }
}
