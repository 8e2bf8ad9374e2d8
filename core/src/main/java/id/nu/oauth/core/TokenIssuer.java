package id.nu.oauth.core;

import id.nu.oauth.storage.Client;
import id.nu.oauth.storage.GrantType;
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

    TokenIssuer(Settings settings) {
        this.settings = settings;
    }

    /** A token value and the record stored for it. */
    record Issued(String value, Token record) {
    }

    /** The absolute end of a grant made now: the refresh lifetime if it can refresh, else the access lifetime. */
    Instant grantExpiry(Client client, Instant now) {
        Duration life = client.allows(GrantType.REFRESH_TOKEN)
                ? settings.refreshTokenAbsoluteLifetime() : settings.accessTokenLifetime();
        return now.plus(life);
    }

    Issued access(String grantId, String clientId, String subject, Set<String> scopes, Instant now, Instant limit) {
        Instant expiresAt = earliest(now.plus(settings.accessTokenLifetime()), limit);
        return issue(TokenKind.ACCESS, grantId, clientId, subject, scopes, now, expiresAt, expiresAt);
    }

    Issued refresh(String grantId, String clientId, String subject, Set<String> scopes, Instant now, Instant limit) {
        return issue(TokenKind.REFRESH, grantId, clientId, subject, scopes, now, refreshIdleExpiry(now, limit), limit);
    }

    Instant refreshIdleExpiry(Instant now, Instant limit) {
        return earliest(now.plus(settings.refreshTokenIdleLifetime()), limit);
    }

    private Issued issue(TokenKind kind, String grantId, String clientId, String subject, Set<String> scopes,
            Instant now, Instant expiresAt, Instant limit) {
        String value = settings.generator().newToken();
        return new Issued(value, Token.active(TokenHasher.hash(value), kind, grantId, clientId, subject, scopes,
                now, expiresAt, limit));
    }

    /** The RFC 6749 §5.1 response: the NU.ID document's fields, plus {@code scope} when there is one. */
    EndpointResponse response(Issued access, Issued refresh, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access.value());
        body.put("token_type", "Bearer");
        body.put("expires_in", Math.max(0, Duration.between(now, access.record().expiresAt()).toSeconds()));
        if (refresh != null) {
            body.put("refresh_token", refresh.value());
        }
        if (!access.record().scopes().isEmpty()) {
            // RFC 6749 §3.3: a scope value is one or more scope tokens; with none, say nothing.
            body.put("scope", Scopes.format(access.record().scopes()));
        }
        return Responses.json(200, body);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
