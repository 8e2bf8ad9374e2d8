package id.nu.oauth.bench.fuzz;

import com.nimbusds.jose.jwk.JWK;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The valid traffic of the newer endpoints, each step checked against what the RFCs promise, and
 * the attacks a fuzzer would not stumble on by chance, each with the answer it must get:
 * {@code private_key_jwt} (RFC 7523) and DPoP (RFC 9449) at the token endpoint, a pushed
 * authorization request (RFC 9126) carried through authorize, the code exchange, userinfo and
 * refresh with DPoP proofs, RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0); then a
 * {@code request_uri} used twice or by another client, a DPoP proof for another URL, method, token
 * or key, and an assertion replayed at a second endpoint.
 */
final class KeyFlows {

    private KeyFlows() {
    }

    /** Who pushes or exchanges: the key-only client, the confidential client (secret) or the public one. */
    enum Who { KEYED, CONFIDENTIAL, PUBLIC }

    /** A registered key of my-keyed-app: mostly the RSA one (PS256 is cheap for the server to verify). */
    static JWK keyedKey(Case c) {
        return c.chance(0.8) ? Keys.KEYED_RSA : Keys.KEYED_EC;
    }

    /** A DPoP key of the client. */
    static JWK dpopKey(Case c) {
        return c.chance(0.8) ? Keys.DPOP_RSA : Keys.DPOP_EC;
    }

    static String jti(Case c) {
        return Junk.unreserved(c.random, 22);
    }

    /** A fresh, valid assertion of my-keyed-app for {@code path} (its audience the issuer or the endpoint's URL). */
    static String assertion(Case c, String path) {
        String aud = c.pick(c.portal.issuer, c.portal.url(path), c.portal.url(Portal.TOKEN));
        return Keys.assertion(keyedKey(c), Keys.KEYED_ID, aud, jti(c));
    }

    /** Adds the client's authentication to a form and request. */
    static RawRequest authenticate(Case c, Who who, RawRequest request, Map<String, String> form, String path) {
        switch (who) {
            case KEYED -> {
                form.put("client_assertion_type", Keys.JWT_BEARER);
                form.put("client_assertion", assertion(c, path));
                if (c.chance(0.3)) {
                    form.put("client_id", Keys.KEYED_ID);
                }
            }
            case CONFIDENTIAL -> request.basic(Portal.CONFIDENTIAL.id(), Portal.CONFIDENTIAL.secret());
            case PUBLIC -> form.put("client_id", Portal.PKCE.id());
        }
        return request;
    }

    static String clientId(Who who) {
        return switch (who) {
            case KEYED -> Keys.KEYED_ID;
            case CONFIDENTIAL -> Portal.CONFIDENTIAL.id();
            case PUBLIC -> Portal.PKCE.id();
        };
    }

    static String redirectUri(Case c, Who who) {
        return who == Who.KEYED ? Keys.KEYED_REDIRECT : c.portal.redirectUri;
    }

    /** client_credentials with private_key_jwt, sometimes DPoP-bound and for a resource; introspection; revocation. */
    static void keyedClientCredentials(Case c) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (c.chance(0.5)) {
            form.put("scope", Portal.API_SCOPE);
        }
        if (c.chance(0.3)) {
            form.put("resource", c.pick(Keys.KEYED_RESOURCES));
        }
        RawRequest request = authenticate(c, Who.KEYED, c.post(Portal.TOKEN), form, Portal.TOKEN);
        boolean dpop = c.chance(0.5);
        if (dpop) {
            String proof = Keys.dpop(dpopKey(c), "POST", c.portal.url(Portal.TOKEN), null, jti(c));
            request.header("DPoP", proof);
            c.keep(Loot.Kind.DPOP_PROOF, proof);
        }
        c.keep(Loot.Kind.ASSERTION, form.get("client_assertion"));
        Response answer = c.send(request.form(Junk.form(form)));
        String access = answer.json("access_token");
        if (!c.expect(answer.status() == 200 && access != null && (dpop ? "DPoP" : "Bearer").equals(answer.json(
                "token_type")), request, answer, "client_credentials with private_key_jwt" + (dpop ? " and a DPoP proof"
                        + " (RFC 9449 §5: token_type DPoP)" : ""))) {
            return;
        }
        c.keep(dpop ? Loot.Kind.DPOP_ACCESS_TOKEN : Loot.Kind.ACCESS_TOKEN, access);
        ValidFlows.expectActive(c, access, true, "a private_key_jwt client's token");
        if (c.chance(0.4)) {
            Map<String, String> revoke = new LinkedHashMap<>();
            revoke.put("token", access);
            RawRequest r = authenticate(c, Who.KEYED, c.post(Portal.REVOKE), revoke, Portal.REVOKE);
            Response done = c.send(r.form(Junk.form(revoke)));
            c.expect(done.status() == 200, r, done, "revocation with private_key_jwt (RFC 7009)");
            ValidFlows.expectActive(c, access, false, "a revoked private_key_jwt client's token");
        }
    }

    /** The outcome of a push: the request_uri, and what the rest of the flow needs. */
    record Pushed(Who who, String requestUri, String verifier, String state, JWK dpopKey) {
    }

    /** A valid push (RFC 9126 §2.1) by {@code who}; {@code dpopKey} (or {@code null}) binds the code (RFC 9449 §10.1). */
    static Pushed push(Case c, Who who, JWK dpopKey, boolean asRequestObject) {
        String state = Junk.unreserved(c.random, 22);
        String verifier = Junk.unreserved(c.random, 43 + c.random.nextInt(86));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId(who));
        params.put("redirect_uri", redirectUri(c, who));
        params.put("scope", who == Who.KEYED ? Keys.KEYED_SCOPE : "openid profile");
        params.put("state", state);
        params.put("code_challenge", Session.s256(verifier));
        params.put("code_challenge_method", "S256");
        params.put("nonce", Junk.unreserved(c.random, 22));
        if (who == Who.KEYED && c.chance(0.3)) {
            params.put("resource", c.pick(Keys.KEYED_RESOURCES));
        }
        Map<String, String> form = new LinkedHashMap<>();
        if (asRequestObject) {
            form.put("request", Keys.requestObject(keyedKey(c), Keys.KEYED_ID, c.portal.issuer, new LinkedHashMap<>(params)));
            form.put("client_id", Keys.KEYED_ID);
        } else {
            form.putAll(params);
        }
        RawRequest request = authenticate(c, who, c.post(Portal.PAR), form, Portal.PAR);
        if (dpopKey != null) {
            request.header("DPoP", Keys.dpop(dpopKey, "POST", c.portal.url(Portal.PAR), null, jti(c)));
        }
        Response answer = c.send(request.form(Junk.form(form)));
        String requestUri = answer.json("request_uri");
        if (!c.expect(answer.status() == 201 && requestUri != null && requestUri.startsWith(
                "urn:ietf:params:oauth:request_uri:"), request, answer, "a pushed authorization request by "
                        + clientId(who) + " (RFC 9126 §2.2: 201 with a request_uri)")) {
            return null;
        }
        return new Pushed(who, requestUri, verifier, state, dpopKey);
    }

    /** Authorize with the pushed request (RFC 9126 §4); the code, or {@code null}. */
    static String authorizePushed(Case c, Pushed p) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId(p.who()));
        query.put("request_uri", p.requestUri());
        return c.session.follow(c, query, p.state(), redirectUri(c, p.who()), clientId(p.who()));
    }

    static RawRequest exchangeRequest(Case c, Pushed p, String code, JWK dpopKey) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri(c, p.who()));
        form.put("code_verifier", p.verifier());
        RawRequest request = authenticate(c, p.who(), c.post(Portal.TOKEN), form, Portal.TOKEN);
        if (dpopKey != null) {
            request.header("DPoP", Keys.dpop(dpopKey, "POST", c.portal.url(Portal.TOKEN), null, jti(c)));
        }
        return request.form(Junk.form(form));
    }

    /** PAR, authorize with the request_uri, code exchange, userinfo and refresh, DPoP-bound or not. */
    static void parFlow(Case c) {
        Who who = c.pick(Who.values());
        JWK key = c.chance(0.6) ? dpopKey(c) : null;
        Pushed p = push(c, who, c.chance(0.5) ? key : null, who == Who.KEYED && c.chance(0.4));
        if (p == null) {
            return;
        }
        String code = authorizePushed(c, p);
        c.keep(Loot.Kind.REQUEST_URI, p.requestUri());
        if (code == null) {
            return;
        }
        RawRequest exchange = exchangeRequest(c, p, code, key);
        Response answer = c.send(exchange);
        c.keep(Loot.Kind.CODE, code);
        ValidFlows.Tokens tokens = ValidFlows.tokens(c, exchange, answer, true, "code exchange of a pushed request for "
                + clientId(who) + (key != null ? " with a DPoP proof" : ""));
        if (tokens == null) {
            return;
        }
        c.expect((key != null ? "DPoP" : "Bearer").equals(answer.json("token_type")), exchange, answer,
                "token_type " + (key != null ? "DPoP" : "Bearer") + " (RFC 9449 §5)");
        userinfo(c, tokens.access(), key, true);
        if (tokens.refresh() != null && c.chance(0.6)) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", tokens.refresh());
            RawRequest refresh = authenticate(c, who, c.post(Portal.TOKEN), form, Portal.TOKEN);
            if (key != null) {
                refresh.header("DPoP", Keys.dpop(key, "POST", c.portal.url(Portal.TOKEN), null, jti(c)));
            }
            refresh.form(Junk.form(form));
            Response refreshed = c.send(refresh);
            ValidFlows.Tokens again = ValidFlows.tokens(c, refresh, refreshed, true, "refresh for " + clientId(who)
                    + (key != null ? " with a DPoP proof of the same key (RFC 9449 §5)" : ""));
            if (again != null) {
                userinfo(c, again.access(), key, true);
            }
        }
    }

    /** Userinfo with the token: with the DPoP scheme and a proof (RFC 9449 §7) when bound to {@code key}. */
    static Response userinfo(Case c, String access, JWK key, boolean expectOk) {
        boolean post = c.chance(0.3);
        RawRequest request = post ? c.post(Portal.USERINFO).form("") : c.get(Portal.USERINFO);
        if (key != null) {
            request.header("Authorization", "DPoP " + access).header("DPoP",
                    Keys.dpop(key, post ? "POST" : "GET", c.portal.url(Portal.USERINFO), access, jti(c)));
        } else {
            request.bearer(access);
        }
        Response answer = c.send(request);
        if (expectOk) {
            c.expect(answer.status() == 200 && answer.json("sub") != null, request, answer, "userinfo with a fresh "
                    + (key != null ? "DPoP-bound token and its proof" : "bearer token"));
        }
        return answer;
    }

    // ---- attacks by hand, as cases: each with the answer it must get ----------------------------------

    /**
     * A pushed request_uri used by another client, then twice by its own: the other client's use is
     * an error page (RFC 9126 §4: bound to the client that pushed), the second use by its own too
     * (one authorization per push).
     */
    static void replayRequestUri(Case c) {
        Pushed p = push(c, c.pick(Who.CONFIDENTIAL, Who.KEYED), null, false);
        if (p == null) {
            return;
        }
        Map<String, String> foreign = new LinkedHashMap<>();
        foreign.put("client_id", c.pick(Portal.PKCE.id(), Portal.LEGACY.id(), p.who() == Who.KEYED
                ? Portal.CONFIDENTIAL.id() : Keys.KEYED_ID));
        foreign.put("request_uri", p.requestUri());
        RawRequest other = c.get(Portal.AUTHORIZE + "?" + Junk.form(foreign)).cookie(c.session.cookie());
        Response refused = c.send(other);
        c.expect(refused.status() == 400 && refused.header("Location") == null, other, refused,
                "another client's request_uri: an error page, never a redirect (RFC 9126 §4)");
        String code = authorizePushed(c, p);
        if (code == null) {
            return;
        }
        RawRequest again = c.get(Portal.AUTHORIZE + "?" + Junk.form(Map.of("client_id", clientId(p.who()),
                "request_uri", p.requestUri()))).cookie(c.session.cookie());
        Response second = c.send(again);
        c.expect(second.status() == 400 && second.header("Location") == null, again, second,
                "a request_uri used a second time: an error page (RFC 9126 §4, one authorization per push)");
        c.keep(Loot.Kind.REQUEST_URI, p.requestUri());
        c.keep(Loot.Kind.CODE, code);
    }

    /**
     * A DPoP-bound token's proofs that do not fit this request: another URL, another method, another
     * token's {@code ath}, another key, the same proof twice. Each a 401 with the DPoP challenge
     * (RFC 9449 §7.1, §4.3, §11.1); the right proof works before and after.
     */
    static void replayDpopProof(Case c) {
        JWK key = dpopKey(c);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", "profile"); // what /resource/me asks for
        RawRequest request = authenticate(c, Who.KEYED, c.post(Portal.TOKEN), form, Portal.TOKEN);
        request.header("DPoP", Keys.dpop(key, "POST", c.portal.url(Portal.TOKEN), null, jti(c)));
        Response issued = c.send(request.form(Junk.form(form)));
        String access = issued.json("access_token");
        if (!c.expect(issued.status() == 200 && "DPoP".equals(issued.json("token_type")) && access != null, request,
                issued, "a DPoP-bound client_credentials token")) {
            return;
        }
        c.keep(Loot.Kind.DPOP_ACCESS_TOKEN, access);
        // the resource: the bearer-protected /resource/me of the demo, which takes DPoP tokens too
        String resource = c.portal.url(Portal.RESOURCE);
        String proof = Keys.dpop(key, "GET", resource, access, jti(c));
        RawRequest ok = c.get(Portal.RESOURCE).header("Authorization", "DPoP " + access).header("DPoP", proof);
        Response first = c.send(ok);
        // a client_credentials token has no user: the resource answers 200 or refuses for the scope, never for the proof
        c.expect(first.status() != 401, ok, first, "the right proof for a DPoP-bound token (RFC 9449 §7)");
        int variant = c.random.nextInt(5);
        String bad = switch (variant) {
            case 0 -> proof; // the same proof again (§11.1)
            case 1 -> Keys.dpop(key, "GET", c.portal.url(c.pick(Portal.TOKEN, Portal.USERINFO, Portal.INTROSPECT)),
                    access, jti(c)); // a proof for another URL (§4.3 item 9)
            case 2 -> Keys.dpop(key, "POST", resource, access, jti(c)); // another method (§4.3 item 8)
            case 3 -> Keys.dpop(key, "GET", resource, c.loot.pick(c.random, Loot.Kind.ACCESS_TOKEN), jti(c)); // ath of another token
            default -> Keys.dpop(key == Keys.DPOP_RSA ? Keys.DPOP_EC : Keys.DPOP_RSA, "GET", resource, access,
                    jti(c)); // another key (§7.1: the key the token is bound to)
        };
        RawRequest replay = c.get(Portal.RESOURCE).header("Authorization", "DPoP " + access).header("DPoP", bad);
        Response refused = c.send(replay);
        c.expect(refused.status() == 401 && String.valueOf(refused.header("WWW-Authenticate")).startsWith("DPoP ")
                && String.valueOf(refused.header("WWW-Authenticate")).contains("invalid_dpop_proof"), replay, refused,
                "a DPoP proof that does not fit (" + new String[] {"replayed", "another URL", "another method",
                    "another token's ath", "another key"}[variant] + "): 401 with the DPoP challenge (RFC 9449 §7.1)");
    }

    /**
     * A private_key_jwt assertion accepted at the token endpoint, then replayed at introspection,
     * revocation, PAR or the token endpoint again: refused, its {@code jti} is used up (RFC 7523 §3
     * item 7, OpenID Connect Core §9), with 401 invalid_client.
     */
    static void replayAssertion(Case c) {
        String assertion = Keys.assertion(keyedKey(c), Keys.KEYED_ID, c.portal.issuer, jti(c));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_assertion_type", Keys.JWT_BEARER);
        form.put("client_assertion", assertion);
        RawRequest first = c.post(Portal.TOKEN).form(Junk.form(form));
        Response ok = c.send(first);
        if (!c.expect(ok.status() == 200, first, ok, "client_credentials with a fresh assertion")) {
            return;
        }
        c.keep(Loot.Kind.ACCESS_TOKEN, ok.json("access_token"));
        c.keep(Loot.Kind.ASSERTION, assertion);
        String second = c.pick(Portal.INTROSPECT, Portal.REVOKE, Portal.PAR, Portal.TOKEN);
        Map<String, String> again = new LinkedHashMap<>();
        switch (second) {
            case Portal.INTROSPECT, Portal.REVOKE -> again.put("token", String.valueOf(ok.json("access_token")));
            case Portal.PAR -> {
                again.put("response_type", "code");
                again.put("redirect_uri", Keys.KEYED_REDIRECT);
                again.put("code_challenge", Session.s256(Junk.unreserved(c.random, 43)));
                again.put("code_challenge_method", "S256");
            }
            default -> again.put("grant_type", "client_credentials");
        }
        again.put("client_assertion_type", Keys.JWT_BEARER);
        again.put("client_assertion", assertion);
        RawRequest replay = c.post(second).form(Junk.form(again));
        Response refused = c.send(replay);
        c.expectError(replay, refused, 401, "invalid_client", "an assertion replayed at " + second
                + " (RFC 7523 §3: jti used once)");
    }

    /**
     * RP-initiated logout with the session's own id_token (OpenID Connect RP-Initiated Logout 1.0
     * §2, §3): back to the registered post_logout_redirect_uri with the state, and the session's
     * tokens stop working. The worker signs in again at its next authorize.
     */
    static void logout(Case c) {
        Portal.Client client = c.pick(Portal.PKCE, Portal.LEGACY);
        Session.Code code = c.session.authorize(c, client);
        ValidFlows.Tokens tokens = code == null ? null : ValidFlows.exchange(c, client, code, true);
        if (tokens == null) {
            return;
        }
        RawRequest exchange = ValidFlows.exchangeRequest(c, client, code);
        String idToken = c.lastIdToken;
        if (!c.expect(idToken != null, exchange, null, "an id_token for scope openid")) {
            return;
        }
        String state = Junk.unreserved(c.random, 16);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("id_token_hint", idToken);
        query.put("post_logout_redirect_uri", c.portal.signedOut);
        query.put("state", state);
        if (c.chance(0.3)) {
            query.put("client_id", client.id());
        }
        boolean post = c.chance(0.3);
        RawRequest request = (post ? c.post(Portal.LOGOUT).form(Junk.form(query))
                : c.get(Portal.LOGOUT + "?" + Junk.form(query))).cookie(c.session.cookie());
        Response answer = c.send(request);
        String location = String.valueOf(answer.header("Location"));
        c.expect(answer.status() == (post ? 303 : 302) && location.startsWith(c.portal.signedOut + "?")
                && state.equals(Session.query(location.substring(location.indexOf('?') + 1)).get("state")), request,
                answer, "logout with the session's id_token: back to the registered URI with state (RP-Initiated "
                        + "Logout 1.0 §3)");
        ValidFlows.expectActive(c, tokens.access(), false, "an access token of a session that logged out");
        c.session.login(c); // the other kinds expect a signed-in session
    }
}
