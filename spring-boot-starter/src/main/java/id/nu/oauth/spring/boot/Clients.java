package id.nu.oauth.spring.boot;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;

/** Turns {@code nuid.oauth.clients.*} into {@link Client}s; a secret is hashed here and goes no further. */
final class Clients {

    private Clients() {
    }

    static Client from(String clientId, NuidOAuthProperties.ClientProperties p) {
        boolean hasSecret = p.getSecret() != null && !p.getSecret().isEmpty()
                || p.getSecretHash() != null && !p.getSecretHash().isEmpty();
        NuidOAuthProperties.ClientKind kind = p.getType() != null ? p.getType()
                : hasSecret ? NuidOAuthProperties.ClientKind.CONFIDENTIAL : NuidOAuthProperties.ClientKind.PUBLIC;
        String property = NuidOAuthProperties.PREFIX + ".clients." + clientId;
        Client.Builder b;
        switch (kind) {
            case CONFIDENTIAL -> {
                if (!hasSecret) {
                    throw new IllegalStateException(property + " is confidential: set " + property
                            + ".secret (from the environment, e.g. ${PORTAL_CLIENT_SECRET}) or .secret-hash");
                }
                b = Client.confidential(clientId, secretHash(property, p));
            }
            case PUBLIC, LEGACY_PUBLIC -> {
                if (hasSecret) {
                    throw new IllegalStateException(property + " is a public client: it has no secret");
                }
                b = kind == NuidOAuthProperties.ClientKind.PUBLIC ? Client.publicClient(clientId)
                        : Client.legacyPublicClient(clientId);
            }
            default -> throw new IllegalStateException("unknown client type " + kind);
        }
        if (p.getName() != null) {
            b.name(p.getName());
        }
        p.getRedirectUris().forEach(b::redirectUri);
        if (!p.getScopes().isEmpty()) {
            b.scopes(p.getScopes().toArray(String[]::new));
        }
        if (!p.getDefaultScopes().isEmpty()) {
            b.defaultScopes(p.getDefaultScopes().toArray(String[]::new));
        }
        if (!p.getGrantTypes().isEmpty()) {
            b.grantTypes(p.getGrantTypes().toArray(GrantType[]::new));
        }
        b.firstParty(p.isFirstParty());
        if (p.getAccessTokenFormat() != null) {
            b.accessTokenFormat(p.getAccessTokenFormat());
        }
        b.resourceServer(p.isResourceServer());
        return b.build();
    }

    private static SecretHash secretHash(String property, NuidOAuthProperties.ClientProperties p) {
        if (p.getSecretHash() != null && !p.getSecretHash().isEmpty()) {
            if (p.getSecret() != null && !p.getSecret().isEmpty()) {
                throw new IllegalStateException(property + ": set .secret or .secret-hash, not both");
            }
            try {
                return SecretHash.parse(p.getSecretHash());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(property + ".secret-hash is not an encoded SecretHash", e);
            }
        }
        try {
            return SecretHash.of(p.getSecret());
        } catch (IllegalArgumentException e) {
            // SecretHash's message never contains the secret
            throw new IllegalStateException(property + ".secret: " + e.getMessage()
                    + " (SecretHash.generateSecret() makes a good one)", e);
        }
    }
}
