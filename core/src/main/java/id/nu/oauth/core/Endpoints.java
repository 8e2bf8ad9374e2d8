package id.nu.oauth.core;

import java.net.URI;

/**
 * Where each endpoint lives, relative to the issuer: the paths {@link EndpointRequest#path()}
 * names. An adapter serves exactly these under the issuer's path (e.g. issuer
 * {@code https://nu.id/api} → token endpoint {@code https://nu.id/api/oauth/token}); the metadata
 * documents name them.
 *
 * <pre>{@code
 * if (Endpoints.AUTHORIZE.equals(path)) { server.authorize(AuthorizeRequest.of(request, user)); }
 * else if (Endpoints.END_SESSION.equals(path)) { server.endSession(LogoutRequest.of(request, user)); }
 * else { server.handle(request); }
 * }</pre>
 */
public final class Endpoints {

    /** An endpoint path. */
    public static final String AUTHORIZE = "/oauth/authorize";
    /** An endpoint path. */
    public static final String TOKEN = "/oauth/token";
    /** An endpoint path: pushed authorization requests (RFC 9126). */
    public static final String PUSHED_AUTHORIZATION_REQUEST = "/oauth/par";
    /** An endpoint path. */
    public static final String REFRESH = "/oauth/refreshAccessToken";
    /** An endpoint path. */
    public static final String REVOKE = "/oauth/revoke";
    /** An endpoint path. */
    public static final String INTROSPECT = "/oauth/introspect";
    /** An endpoint path. */
    public static final String USERINFO = "/oauth/userinfo";
    /**
     * The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0 §2), GET or POST; answered by
     * {@link AuthorizationServer#endSession}, which needs the user, like the authorization endpoint.
     */
    public static final String END_SESSION = "/oauth/logout";
    /**
     * The client registration endpoint (RFC 7591 §3), POST; each registered client's configuration
     * endpoint is under it, {@code /oauth/register/{client_id}} (RFC 7592 §2: GET, PUT, DELETE).
     * Answered only when dynamic registration is enabled ({@link AuthorizationServer.Builder#dynamicRegistration}).
     */
    public static final String REGISTRATION = "/oauth/register";
    /** An endpoint path. */
    public static final String JWKS = "/oauth/jwks";
    /** An endpoint path. */
    public static final String OAUTH_METADATA = "/.well-known/oauth-authorization-server";
    /** An endpoint path. */
    public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

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
