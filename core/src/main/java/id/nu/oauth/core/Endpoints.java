package id.nu.oauth.core;

import java.net.URI;

/**
 * Where each endpoint lives, relative to the issuer. The servlet adapter serves exactly these
 * paths under the issuer's path (e.g. issuer {@code https://nu.id/api} → token endpoint
 * {@code https://nu.id/api/oauth/token}); the metadata documents name them.
 */
final class Endpoints {

    static final String AUTHORIZE = "/oauth/authorize";
    static final String TOKEN = "/oauth/token";
    static final String REFRESH = "/oauth/refreshAccessToken";
    static final String REVOKE = "/oauth/revoke";
    static final String INTROSPECT = "/oauth/introspect";
    static final String USERINFO = "/oauth/userinfo";
    static final String JWKS = "/oauth/jwks";
    static final String OAUTH_METADATA = "/.well-known/oauth-authorization-server";
    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

    private Endpoints() {
    }

    /** The endpoint's absolute URI under the issuer. */
    static URI under(URI issuer, String path) {
        String base = issuer.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }
}
