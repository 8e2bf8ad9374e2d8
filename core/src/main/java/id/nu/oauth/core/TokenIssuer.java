package id.nu.oauth.core;

import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Makes tokens: the random value handed to the client, the hashed record the store keeps, and the
 * token response (RFC 6749 §5.1). Lifetimes are applied here and only here.
 */
final class TokenIssuer {

    private final Settings settings;
    private final TokenSigner signer;
    private final OidcSettings oidc;

    TokenIssuer(Settings settings, TokenSigner signer, OidcSettings oidc) {
        this.settings = settings;
        this.signer = signer;
        this.oidc = oidc;
    }

    /**
     * What a token is bound to: a DPoP key (RFC 9449 §6) and/or a TLS client certificate (RFC 8705
     * §3), each by its thumbprint, or {@code null}.
     */
    record Binding(String jkt, String x5t) {
        static final Binding NONE = new Binding(null, null);

        /** The binding a stored token carries. */
        static Binding of(Token token) {
            return new Binding(token.jkt(), token.x5t());
        }

        boolean bound() {
            return jkt != null || x5t != null;
        }
    }

    /** A token value and the record stored for it. */
    record Issued(String value, Token record) {
    }

    /** The absolute end of a grant made now: the refresh lifetime if it can refresh, else the access lifetime. */
    Instant grantExpiry(Client client, Instant now) {
        Duration life = client.allows(GrantType.REFRESH_TOKEN)
                ? settings.refreshLifetimes().absolute(client) : settings.accessTokenLifetime();
        return now.plus(life);
    }

    /**
     * An access token in the client's format: a random value, or an RFC 9068 JWT. Either way the
     * store keeps only its hash, so revocation and introspection treat both alike.
     *
     * @param authTime when the user authenticated, or {@code null} (JWT {@code auth_time})
     * @param resources the resources it is for (RFC 8707 §2): its audience; empty for the
     *     configured audience
     * @param binding the DPoP key (RFC 9449 §6) and TLS client certificate (RFC 8705 §3) the token is
     *     bound to; {@link Binding#NONE} for a bearer token
     */
    Issued access(String grantId, Client client, String subject, Set<String> scopes, Instant authTime, Instant now,
            Instant limit, Set<String> resources, Binding binding) {
        Instant expiresAt = earliest(now.plus(settings.accessTokenLifetime()), limit);
        if (client.accessTokenFormat() == AccessTokenFormat.JWT) {
            String value = signer.accessToken(client, subject, scopes, authTime, now, expiresAt,
                    ResourceIndicators.audience(resources, oidc.accessTokenAudience()), binding);
            return new Issued(value, Token.builder(TokenHasher.hash(value), TokenKind.ACCESS)
                    .grant(grantId, client.clientId(), subject).scopes(scopes).lifetime(now, expiresAt, expiresAt)
                    .resources(resources).boundTo(binding.jkt()).boundToCertificate(binding.x5t()).build());
        }
        return issue(TokenKind.ACCESS, grantId, client.clientId(), subject, scopes, now, expiresAt, expiresAt,
                resources, binding);
    }

    /**
     * The id_token to return with {@code access} when {@code openid} is among its scopes and there
     * is a user (OpenID Connect Core 1.0 §3.1.3.3, §12.2), else {@code null}; with the login
     * session's {@code sid} when known (Back-Channel Logout 1.0 §2.1).
     */
    String idToken(Client client, Issued access, Instant authTime, String nonce, Instant now) {
        return idToken(client, access, authTime, nonce, now, null, ClaimsRequest.NONE, null);
    }

    /**
     * The id_token as {@link #idToken(Client, Issued, Instant, String, Instant)}, with the login's
     * {@code acr} (OIDC Core §2) and the user claims the {@code claims} request named for the
     * id_token (§5.5) that the host's {@link ClaimsSource} has and the token's scopes reach; the
     * claims source is asked only when the request names some; with the login session's {@code sid}
     * when known.
     */
    String idToken(Client client, Issued access, Instant authTime, String nonce, Instant now, String acr,
            ClaimsRequest claims, String sid) {
        Token token = access.record();
        if (token.subject() == null || !token.scopes().contains(OidcSettings.OPENID)) {
            return null;
        }
        Map<String, Object> userClaims = Map.of();
        if (!claims.idToken().isEmpty()) {
            userClaims = oidc.scopeClaims().requested(oidc.claimsSource().claims(token.subject()), token.scopes(),
                    claims.idToken());
        }
        return signer.idToken(client, token.subject(), authTime, nonce, access.value(), now, acr, userClaims, sid);
    }

    /**
     * A refresh token that may ask access tokens for {@code resources} (RFC 8707 §2.2; empty: none
     * asked); {@code binding} binds it to a public client's DPoP key (RFC 9449 §5) or TLS client
     * certificate (RFC 8705 §4), else {@link Binding#NONE}.
     */
    Issued refresh(String grantId, Client client, String subject, Set<String> scopes, Instant now, Instant limit,
            Set<String> resources, Binding binding) {
        return issue(TokenKind.REFRESH, grantId, client.clientId(), subject, scopes, now,
                refreshIdleExpiry(client, now, limit), limit, resources, binding);
    }

    /** When a refresh token of this client used (or issued) now expires unused, never after the grant's limit. */
    Instant refreshIdleExpiry(Client client, Instant now, Instant limit) {
        return earliest(now.plus(settings.refreshLifetimes().idle(client)), limit);
    }

    private Issued issue(TokenKind kind, String grantId, String clientId, String subject, Set<String> scopes,
            Instant now, Instant expiresAt, Instant limit, Set<String> resources, Binding binding) {
        String value = settings.generator().newToken();
        return new Issued(value, Token.builder(TokenHasher.hash(value), kind).grant(grantId, clientId, subject)
                .scopes(scopes).lifetime(now, expiresAt, limit).resources(resources).boundTo(binding.jkt())
                .boundToCertificate(binding.x5t()).build());
    }

    /** The RFC 6749 §5.1 response: the NU.ID document's fields, plus {@code scope} when there is one. */
    EndpointResponse response(Issued access, Issued refresh, Instant now) {
        return response(access, refresh, null, now);
    }

    /** The RFC 6749 §5.1 response with an OpenID Connect {@code id_token} (OIDC Core §3.1.3.3) if not null. */
    EndpointResponse response(Issued access, Issued refresh, String idToken, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access.value());
        // RFC 9449 §5: a token bound to a DPoP key is of type DPoP; one bound to a certificate only
        // stays a Bearer token (RFC 8705 §3)
        body.put("token_type", access.record().senderConstrained() ? "DPoP" : "Bearer");
        body.put("expires_in", Math.max(0, Duration.between(now, access.record().expiresAt()).toSeconds()));
        if (refresh != null) {
            body.put("refresh_token", refresh.value());
        }
        if (!access.record().scopes().isEmpty()) {
            // RFC 6749 §3.3: a scope value is one or more scope tokens; with none, say nothing.
            body.put("scope", Scopes.format(access.record().scopes()));
        }
        if (idToken != null) {
            body.put("id_token", idToken);
        }
        return Responses.json(200, body);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
