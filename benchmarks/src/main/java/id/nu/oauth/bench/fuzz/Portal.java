package id.nu.oauth.bench.fuzz;

import java.util.List;

/**
 * What the runner knows about the demo portal it fuzzes: where it listens, its paths, and the users
 * and clients of the sample configuration {@code examples/demo-config.json} (the demo's own
 * {@code --config}), which has a client of each type, {@code client_credentials} included.
 */
final class Portal {

    /** The endpoint's URL under the issuer, as a DPoP proof's {@code htu} or an assertion's {@code aud} names it. */
    String url(String path) {
        return origin + path;
    }

    /** A client of the sample configuration, and how the runner uses it. */
    record Client(String id, String secret, boolean pkce, boolean rotates, String scope) {
        boolean confidential() {
            return secret != null;
        }
    }

    static final Client LEGACY = new Client("demo-legacy", null, false, false, "openid profile email");
    static final Client PKCE = new Client("demo-pkce", null, true, true, "openid profile email");
    static final Client CONFIDENTIAL = new Client("my-portal-app",
            "ckMNLe9KlNv4Sr0R3x78bs4LX4td0fQyqKcqY-oACBE", true, false, "openid profile"); // as in demo-config.json
    static final List<Client> CLIENTS = List.of(LEGACY, PKCE, CONFIDENTIAL);
    /**
     * The sample's resource server, which may introspect every client's access tokens (RFC 7662 §4;
     * any other client learns only about its own).
     */
    static final Client RESOURCE_SERVER = new Client("my-orders-api", "OHZziOxftPJYCd2PFleoa8O0VXt7ya3lF4GqnhLTUQc",
            false, false, "");
    /** A scope of the confidential client that is not OpenID (for client_credentials). */
    static final String API_SCOPE = "orders.read";
    static final String USERNAME = "demo";
    static final String PASSWORD = "demo-password";

    static final String API = "/api";
    static final String AUTHORIZE = API + "/oauth/authorize";
    static final String TOKEN = API + "/oauth/token";
    static final String REFRESH = API + "/oauth/refreshAccessToken";
    static final String REVOKE = API + "/oauth/revoke";
    static final String INTROSPECT = API + "/oauth/introspect";
    static final String USERINFO = API + "/oauth/userinfo";
    static final String CONSENT = API + "/oauth/consent";
    static final String JWKS = API + "/oauth/jwks";
    /** RFC 9126 pushed authorization requests. */
    static final String PAR = API + "/oauth/par";
    /** OpenID Connect RP-Initiated Logout 1.0. */
    static final String LOGOUT = API + "/oauth/logout";
    /** The demo's Connected apps page, its revoke forms (POST with the session's CSRF token). */
    static final String APPS = "/account/apps";
    /** The demo's Prometheus meters. */
    static final String METRICS = "/metrics";
    /** The demo client's signed-out page, registered as every demo client's post_logout_redirect_uri. */
    static final String SIGNED_OUT_PATH = "/demo-client/signed-out";
    static final String OPENID_CONFIGURATION = API + "/.well-known/openid-configuration";
    static final String OAUTH_METADATA = API + "/.well-known/oauth-authorization-server";
    /** RFC 8414 §3.1's own location for the issuer {@code .../api}. */
    static final String OAUTH_METADATA_AT_ROOT = "/.well-known/oauth-authorization-server/api";
    static final String RESOURCE = "/resource/me";
    static final List<String> DOCUMENTS = List.of(JWKS, OPENID_CONFIGURATION, OAUTH_METADATA, OAUTH_METADATA_AT_ROOT);
    /** The endpoints that take a POST with a body. */
    static final List<String> POSTS = List.of(TOKEN, REFRESH, REVOKE, INTROSPECT, USERINFO, CONSENT, PAR);
    static final List<String> ALL = List.of(AUTHORIZE, TOKEN, REFRESH, REVOKE, INTROSPECT, USERINFO, CONSENT, JWKS,
            OPENID_CONFIGURATION, OAUTH_METADATA, OAUTH_METADATA_AT_ROOT, RESOURCE, PAR, LOGOUT);

    final int port;
    final String host;
    final String origin;
    final String issuer;
    final String redirectUri;
    final String sessionCookie;
    /** The demo client's signed-out page at this origin (DemoClientServlet.registration adds it to every demo client's logout). */
    final String signedOut;

    Portal(int port) {
        this.port = port;
        this.host = "127.0.0.1:" + port;
        this.origin = "http://" + host;
        this.issuer = origin + API;
        this.redirectUri = origin + "/demo-client/callback";
        this.sessionCookie = "NUIDDEMO" + port; // DemoPortal names the session cookie per port
        this.signedOut = origin + SIGNED_OUT_PATH;
    }
}
