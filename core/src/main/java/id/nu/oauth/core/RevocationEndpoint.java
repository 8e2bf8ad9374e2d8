package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import java.time.Instant;

/**
 * POST /oauth/revoke (RFC 7009). As the NU.ID document has it, {@code token} alone is enough:
 * holding a token is the authority to revoke it. A client that does authenticate may revoke only
 * its own tokens. Unknown tokens still get 200 (§2.2).
 */
final class RevocationEndpoint {

    private final Settings settings;
    private final Storage storage;
    private final ClientAuthenticator authenticator;

    RevocationEndpoint(Settings settings, Storage storage, ClientAuthenticator authenticator) {
        this.settings = settings;
        this.storage = storage;
        this.authenticator = authenticator;
    }

    EndpointResponse revoke(EndpointRequest request) {
        ClientAuthenticator.Read read = authenticator.read(request);
        if (read instanceof ClientAuthenticator.Refused refused) {
            return refused.response();
        }
        Params params = ((ClientAuthenticator.Call) read).params();
        Client client = ((ClientAuthenticator.Call) read).client();
        String value = params.get("token");
        if (value == null) {
            return Responses.error(OAuthError.invalidRequest("token is missing"));
        }
        // token_type_hint only orders a lookup; one hashed lookup answers every kind, so a wrong or
        // unknown hint changes nothing (RFC 7009 §2.1).
        String hash = TokenHasher.hash(value);
        Token token = storage.tokens().find(hash).orElse(null);
        if (token == null) {
            return Responses.empty();
        }
        if (client != null && !client.clientId().equals(token.clientId())) {
            return Responses.error(OAuthError.unauthorizedClient("the token was issued to another client"));
        }
        Instant now = settings.clock().instant();
        if (token.kind() == TokenKind.REFRESH) {
            // RFC 7009 §2.1: revoking a refresh token revokes the grant's access tokens too.
            if (storage.grants().revoke(token.grantId(), now)) {
                Events.emit(new OAuthEvent.GrantRevoked(now, Events.correlationId(), token.clientId(), token.subject(),
                        token.grantId()));
            }
        } else if (storage.tokens().revoke(hash)) {
            Events.emit(new OAuthEvent.TokenRevoked(now, Events.correlationId(), token.clientId(), token.subject(),
                    token.grantId(), token.kind()));
        }
        return Responses.empty();
    }
}
