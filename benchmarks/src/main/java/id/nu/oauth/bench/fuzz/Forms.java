package id.nu.oauth.bench.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plausible bodies and credentials for each POST endpoint, so a hostile request that gets past the
 * HTTP layer reaches the engine's rules instead of stopping at "missing grant_type".
 */
final class Forms {

    private Forms() {
    }

    /** Fields an honest client would send to {@code path} (with old codes and tokens from the loot). */
    static Map<String, String> plausible(Case c, String path) {
        Map<String, String> form = new LinkedHashMap<>();
        switch (path) {
            case Portal.TOKEN -> {
                switch (c.random.nextInt(3)) {
                    case 0 -> form.put("grant_type", "client_credentials");
                    case 1 -> {
                        form.put("grant_type", "authorization_code");
                        form.put("code", c.loot.pick(c.random, Loot.Kind.CODE));
                        form.put("redirect_uri", c.portal.redirectUri);
                        form.put("code_verifier", Junk.unreserved(c.random, 43));
                    }
                    default -> {
                        form.put("grant_type", "refresh_token");
                        form.put("refresh_token", c.loot.pick(c.random, Loot.Kind.REFRESH_TOKEN));
                    }
                }
            }
            case Portal.REFRESH -> {
                form.put("grant_type", "refresh_token");
                form.put("refresh_token", c.loot.pick(c.random, Loot.Kind.REFRESH_TOKEN));
            }
            case Portal.REVOKE, Portal.INTROSPECT -> {
                form.put("token", c.loot.pick(c.random, c.pick(Loot.Kind.ACCESS_TOKEN, Loot.Kind.REFRESH_TOKEN)));
                if (c.chance(0.3)) {
                    form.put("token_type_hint", c.pick("access_token", "refresh_token"));
                }
            }
            case Portal.USERINFO -> form.put("access_token", c.loot.pick(c.random, Loot.Kind.ACCESS_TOKEN));
            case Portal.PAR -> {
                form.put("response_type", "code");
                form.put("client_id", Portal.CONFIDENTIAL.id());
                form.put("redirect_uri", c.portal.redirectUri);
                form.put("scope", "openid");
                form.put("code_challenge", Session.s256(Junk.unreserved(c.random, 43)));
                form.put("code_challenge_method", "S256");
            }
            case Portal.CONSENT -> {
                form.put("response_type", "code");
                form.put("client_id", Portal.PKCE.id());
                form.put("redirect_uri", c.portal.redirectUri);
                form.put("state", Junk.unreserved(c.random, 16));
                form.put("nuid_csrf", Junk.unreserved(c.random, 43));
                form.put("nuid_decision", "approve");
            }
            default -> form.put(Junk.alnum(c.random, 5), Junk.alnum(c.random, 8));
        }
        return form;
    }

    /** The plausible form, encoded. */
    static String plausibleBody(Case c, String path) {
        return Junk.form(plausible(c, path));
    }

    /** Adds what the endpoint authenticates with, most of the time: HTTP Basic, a session, or nothing. */
    static RawRequest credentials(Case c, RawRequest request, String path) {
        if (!c.chance(0.7)) {
            return request;
        }
        switch (path) {
            case Portal.TOKEN, Portal.REFRESH, Portal.REVOKE, Portal.INTROSPECT, Portal.PAR ->
                    request.basic(Portal.CONFIDENTIAL.id(), Portal.CONFIDENTIAL.secret());
            case Portal.CONSENT, Portal.AUTHORIZE -> request.cookie(c.session.cookie());
            default -> {
            }
        }
        return request;
    }

    /** A POST endpoint with a plausible body and credentials, Content-Type left to the caller. */
    static RawRequest plausiblePost(Case c, String path) {
        return credentials(c, c.post(path), path).body(plausibleBody(c, path));
    }
}
