package id.nu.oauth.bench.fuzz;

import com.nimbusds.jose.jwk.JWK;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile JOSE: DPoP proofs (RFC 9449 §4.3) at the token, userinfo and PAR endpoints, private_key_jwt
 * assertions (RFC 7523 §3) at the token, introspection, revocation and PAR endpoints, signed request
 * objects (RFC 9101) at authorize and PAR, and pushed requests and {@code request_uri}s (RFC 9126)
 * that are wrong. Each starts from a valid object Nimbus made ({@link Keys}) and changes one thing.
 * Expected: the RFC error with its status (400 {@code invalid_dpop_proof}, 401 {@code invalid_client}
 * with a challenge, an error page or an error redirect at authorize), never 5xx.
 */
final class KeyAttacks {

    private KeyAttacks() {
    }

    /** What a mutation did, and whether the request may still succeed (a nonce the server ignores, ...). */
    private record Mutated(String value, String what, boolean mayPass) {
    }

    /** A DPoP proof made wrong in one of many ways, for {@code method} and {@code url}. */
    private static Mutated badProof(Case c, String method, String url, String accessToken) {
        JWK key = KeyFlows.dpopKey(c);
        String valid = Keys.dpop(key, method, url, accessToken, KeyFlows.jti(c));
        Keys.Jwt jwt = Keys.Jwt.parse(valid);
        Keys.Jwt original = Keys.Jwt.parse(valid);
        Map<String, Object> h = jwt.header();
        Map<String, Object> cl = jwt.claims();
        long now = System.currentTimeMillis() / 1000;
        switch (c.random.nextInt(20)) {
            case 0 -> {
                return new Mutated(c.pick("", "a.b.c", "...", "eyJ", Junk.ascii(c.random, c.between(1, 300)),
                        Keys.b64("{}") + "." + Keys.b64("{}") + ".", valid.substring(0, valid.length() / 2),
                        valid + "." + valid, valid.replace('.', '!')), "malformed", false);
            }
            case 1 -> h.put("typ", c.pick("JWT", "dpop+JWT", "at+jwt", "", "DPOP+JWT", "application/dpop+jwt"));
            case 2 -> h.remove("typ");
            case 3 -> {
                return new Mutated(jwt.unsigned(), "alg none", false);
            }
            case 4 -> {
                if (c.chance(0.5)) {
                    h.put("jwk", Map.of("kty", "oct", "k", Keys.b64("secret-" + Junk.alnum(c.random, 20))));
                }
                return new Mutated(jwt.hmac(("secret-" + Junk.alnum(c.random, 32)).getBytes()), "HMAC", false);
            }
            case 5 -> h.put("jwk", key.toJSONObject()); // the private key in the header
            case 6 -> {
                if (c.chance(0.5)) {
                    h.remove("jwk");
                } else {
                    h.put("jwk", (key == Keys.DPOP_RSA ? Keys.DPOP_EC : Keys.DPOP_RSA).toPublicJWK().toJSONObject());
                }
            }
            case 7 -> { // 1-9 KB header members: ignored below the size cap, unless crit names what nobody knows
                String name = c.pick("x5c", "kid", "jku", "x", "crit");
                h.put(name, c.pick(Junk.alnum(c.random, c.between(1000, 9000)),
                        List.of(Junk.alnum(c.random, c.between(100, 3000)))));
                return new Mutated(jwt.sign(key), changed(original, jwt), !name.equals("crit"));
            }
            case 8 -> cl.put("htm", c.pick("GET", "post", "PUT", "", "POST ", 1, List.of(method)));
            case 9 -> cl.put("htu", c.pick(url.replace("http://", "https://"), url + "/", url.replace("127.0.0.1",
                    "localhost"), url.replace("/oauth/", "/oauth/../oauth/"), url + "#x", "/api/oauth/token",
                    "http://evil.example/api/oauth/token", "", "http://[", url.toUpperCase(), 7,
                    url.replace(":" + c.portal.port, ":" + (c.portal.port + 1))));
            case 10 -> {
                cl.put("iat", c.pick(now - 120, now + 120, 0L, -1L, Long.MAX_VALUE / 1000, "now", 1.5e300));
                // RFC 9449 §4.3 item 9, §11.1: a fresh server nonce is the proof's timestamp, so a numeric
                // iat outside the window may pass when the proof carries one
                boolean numeric = cl.get("iat") instanceof Number;
                return new Mutated(jwt.sign(key), changed(original, jwt), numeric && cl.containsKey("nonce"));
            }
            case 11 -> {
                cl.put("nonce", c.pick(Junk.alnum(c.random, 40), "", 12, List.of(), Junk.alnum(c.random, 5000)));
                return new Mutated(jwt.sign(key), "a nonce the server never gave (use_dpop_nonce where nonces are on)", true);
            }
            case 12 -> {
                Object jti = c.pick("", null, 42, Junk.alnum(c.random, 300), List.of("a"));
                if (jti == null) {
                    cl.remove("jti");
                } else {
                    cl.put("jti", jti);
                }
            }
            case 13 -> cl.put("ath", c.pick("", Junk.unreserved(c.random, 43), 5));
            case 14 -> h.put("jwk", c.pick(Map.of("kty", "EC", "crv", "P-256", "x", Keys.b64(Junk.alnum(c.random, 32)), "y",
                    Keys.b64(Junk.alnum(c.random, 32))), Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB"),
                    Map.of("kty", "XYZ"), Map.of(), "jwk", Map.of("kty", "OKP", "crv", "Ed25519", "x", "AA")));
            case 15 -> {
                return new Mutated(jwt.signingInput().substring(0, jwt.signingInput().indexOf('.') + 1) + Keys.b64(c.pick(
                        "[]", "null", "1", "\"x\"", "{", Keys.nested(c.between(10, 3000)))) + "." + Keys.b64("sig"),
                        "claims that are not a JSON object", false);
            }
            case 16 -> h.put("alg", c.pick("RS256", "ES256", "PS256", "ES512", "EdDSA", "RSA-OAEP", "", "none"));
            case 17 -> {
                return new Mutated(jwt.garbageSignature(c.random), "a wrong signature", false);
            }
            case 18 -> cl.put(c.pick("htm", "htu", "iat"), Map.of("a", List.of(1, 2)));
            default -> {
                return new Mutated(Junk.base64Url(Junk.bytes(c.random, c.between(10, 7000))) + "."
                        + Junk.base64Url(Junk.bytes(c.random, 40)) + "." + Junk.base64Url(Junk.bytes(c.random, 40)),
                        "random base64url parts", false);
            }
        }
        String what = changed(original, jwt);
        return new Mutated(jwt.sign(key), what, what.equals("nothing changed") || mayPassProof(original, jwt, accessToken));
    }

    /** What differs between two JWTs' headers and claims, for the report. */
    private static String changed(Keys.Jwt before, Keys.Jwt after) {
        StringBuilder out = new StringBuilder();
        for (String part : List.of("header", "claims")) {
            Map<String, Object> a = part.equals("header") ? before.header() : before.claims();
            Map<String, Object> b = part.equals("header") ? after.header() : after.claims();
            java.util.Set<String> names = new java.util.TreeSet<>(a.keySet());
            names.addAll(b.keySet());
            for (String name : names) {
                if (!java.util.Objects.equals(a.get(name), b.get(name))) {
                    out.append(out.length() == 0 ? "" : ", ").append(part).append('.').append(name).append(' ')
                            .append(b.containsKey(name) ? "= " + Junk.printable(String.valueOf(b.get(name)), 60) : "removed");
                }
            }
        }
        return out.length() == 0 ? "nothing changed" : out.toString();
    }

    /**
     * Whether a changed proof is still a right one: {@code typ} compared as a media type,
     * case-insensitive (RFC 7515 §4.1.9); {@code htu} with a fragment, which is ignored (RFC 9449
     * §4.3 item 9); {@code ath} or {@code nonce} where none is checked (no access token, no nonces).
     */
    private static boolean mayPassProof(Keys.Jwt before, Keys.Jwt after, String accessToken) {
        Object typ = after.header().get("typ");
        if (typ instanceof String t && !t.equals(before.header().get("typ"))) {
            return t.equalsIgnoreCase("dpop+jwt") || t.equalsIgnoreCase("application/dpop+jwt");
        }
        Object htu = after.claims().get("htu");
        if (htu instanceof String u && !u.equals(before.claims().get("htu"))) {
            return u.equals(before.claims().get("htu") + "#x");
        }
        return accessToken == null && !java.util.Objects.equals(before.claims().get("ath"), after.claims().get("ath"));
    }

    /** Bad DPoP proofs at the token endpoint, userinfo (and the resource) and PAR. */
    static void dpopProof(Case c) {
        int where = c.random.nextInt(3);
        RawRequest request;
        String method;
        String url;
        String access = null;
        String scheme = null;
        Map<String, String> form = new LinkedHashMap<>();
        if (where == 0) {
            form.put("grant_type", "client_credentials");
            request = KeyFlows.authenticate(c, c.pick(KeyFlows.Who.KEYED, KeyFlows.Who.CONFIDENTIAL), c.post(Portal.TOKEN),
                    form, Portal.TOKEN);
            method = "POST";
            url = c.portal.url(Portal.TOKEN);
        } else if (where == 1) {
            String path = c.pick(Portal.USERINFO, Portal.USERINFO, Portal.RESOURCE);
            method = c.chance(0.3) && path.equals(Portal.USERINFO) ? "POST" : "GET";
            request = method.equals("POST") ? c.post(path).form("") : c.get(path);
            access = c.loot.pick(c.random, c.chance(0.7) ? Loot.Kind.DPOP_ACCESS_TOKEN : Loot.Kind.ACCESS_TOKEN);
            scheme = c.pick("DPoP ", "DPoP ", "Bearer ", "dpop ");
            request.header("Authorization", scheme + access);
            url = c.portal.url(path);
        } else {
            form.put("response_type", "code");
            form.put("redirect_uri", Keys.KEYED_REDIRECT);
            form.put("scope", "openid");
            form.put("code_challenge", Session.s256(Junk.unreserved(c.random, 43)));
            form.put("code_challenge_method", "S256");
            if (c.chance(0.3)) {
                form.put("dpop_jkt", c.pick(Junk.unreserved(c.random, 43), "", "x"));
            }
            request = KeyFlows.authenticate(c, KeyFlows.Who.KEYED, c.post(Portal.PAR), form, Portal.PAR);
            method = "POST";
            url = c.portal.url(Portal.PAR);
        }
        boolean mayPass = false;
        String what;
        if (c.chance(0.12)) { // several DPoP headers (RFC 9449 §4.3 item 1: exactly one)
            int n = c.between(2, 3);
            for (int i = 0; i < n; i++) {
                request.header("DPoP", Keys.dpop(KeyFlows.dpopKey(c), method, url, access, KeyFlows.jti(c)));
            }
            what = n + " DPoP headers";
        } else if (c.chance(0.1)) { // the same valid proof twice (§11.1)
            String proof = Keys.dpop(KeyFlows.dpopKey(c), method, url, access, KeyFlows.jti(c));
            if (where != 1) {
                RawRequest first = copyOf(c, where, form, access, method);
                c.send(first.header("DPoP", proof));
            }
            request.header("DPoP", proof);
            what = "a replayed proof";
            mayPass = where == 1; // a bearer access token from the loot ignores the proof's first use
        } else if (c.chance(0.08)) { // an old proof from the loot
            request.header("DPoP", c.loot.pick(c.random, Loot.Kind.DPOP_PROOF));
            what = "an old proof from another request";
        } else {
            Mutated m = badProof(c, method, url, access);
            request.header("DPoP", m.value());
            what = m.what();
            mayPass = m.mayPass();
        }
        if (where != 1) {
            request.form(Junk.form(form));
        }
        Response r = c.send(request);
        if (where == 1) {
            // a token from the loot may be revoked or bearer; whatever else, a bad proof is never accepted
            if (mayPass || "Bearer ".equals(scheme)) { // a bearer token: the proof beside it does not count
                c.expectRefused(request, r, "userinfo or resource with a DPoP proof that is " + what, 200, 401, 400,
                        403, 431);
            } else {
                c.expectRefused(request, r, "userinfo or resource with a DPoP proof that is " + what, 401, 400, 403,
                        431);
            }
        } else if (mayPass) {
            c.expectRefused(request, r, "a DPoP proof: " + what, 200, 201, 400, 401, 431);
        } else {
            c.expectRefused(request, r, "a DPoP proof: " + what, 400, 401, 431);
            if (r.status() == 400) {
                // RFC 9449 §8: a server with nonces may refuse a proof for its nonce before anything else
                c.expect(List.of("invalid_dpop_proof", "invalid_request", "use_dpop_nonce").contains(r.json("error")),
                        request, r, "a bad DPoP proof (" + what + "): invalid_dpop_proof (RFC 9449 §5.1)");
            }
        }
    }

    /** The same request once more (a fresh assertion), for the replay of a proof. */
    private static RawRequest copyOf(Case c, int where, Map<String, String> form, String access, String method) {
        Map<String, String> again = new LinkedHashMap<>(form);
        String path = where == 0 ? Portal.TOKEN : Portal.PAR;
        if (again.containsKey("client_assertion")) {
            again.put("client_assertion", KeyFlows.assertion(c, path));
            return c.post(path).form(Junk.form(again));
        }
        return c.post(path).basic(Portal.CONFIDENTIAL.id(), Portal.CONFIDENTIAL.secret()).form(Junk.form(again));
    }

    /** A private_key_jwt assertion made wrong in one of many ways, for {@code path}. */
    private static Mutated badAssertion(Case c, String path, Map<String, String> form, RawRequest request) {
        JWK key = KeyFlows.keyedKey(c);
        String valid = Keys.assertion(key, Keys.KEYED_ID, c.portal.url(path), KeyFlows.jti(c));
        Keys.Jwt jwt = Keys.Jwt.parse(valid);
        Keys.Jwt original = Keys.Jwt.parse(valid);
        Map<String, Object> h = jwt.header();
        Map<String, Object> cl = jwt.claims();
        long now = System.currentTimeMillis() / 1000;
        switch (c.random.nextInt(16)) {
            case 0 -> {
                form.put("client_assertion_type", c.pick("", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer",
                        Keys.JWT_BEARER.toUpperCase(), Keys.JWT_BEARER + " ", Junk.ascii(c.random, 40), "jwt"));
                return new Mutated(valid, "a wrong client_assertion_type", false);
            }
            case 1 -> {
                return new Mutated(c.pick("", "a.b.c", Junk.ascii(c.random, c.between(1, 400)), "eyJhbGciOiJub25lIn0",
                        Junk.unreserved(c.random, c.between(20000, 60000)), valid + valid), "junk", false);
            }
            case 2 -> { // both the assertion and a secret (RFC 6749 §2.3: one method per request)
                if (c.chance(0.5)) {
                    request.basic(Portal.CONFIDENTIAL.id(), Portal.CONFIDENTIAL.secret());
                } else {
                    form.put("client_secret", c.pick(Portal.CONFIDENTIAL.secret(), "x"));
                }
                return new Mutated(valid, "an assertion and a secret", false);
            }
            case 3 -> cl.put("exp", c.pick(now - 3600, now - 120, now + 7200, 0L, "tomorrow", -5L));
            case 4 -> cl.put(c.pick("nbf", "iat"), now + c.between(600, 100000));
            case 5 -> cl.put("aud", c.pick("https://evil.example/", c.portal.url(Portal.USERINFO), "", List.of(),
                    List.of("x", "y"), c.portal.issuer + "/", 42));
            case 6 -> cl.remove(c.pick("aud", "exp", "iss", "sub", "jti"));
            case 7 -> {
                return new Mutated(jwt.unsigned(), "alg none", false);
            }
            case 8 -> { // the classic key confusion: HMAC with the public key's bytes as the secret
                byte[] secret = c.chance(0.5) ? Keys.KEYED_RSA.toPublicJWK().toJSONString().getBytes()
                        : Junk.alnum(c.random, 32).getBytes();
                return new Mutated(jwt.hmac(secret), "HMAC", false);
            }
            case 9 -> {
                String who = c.pick(Portal.CONFIDENTIAL.id(), Portal.PKCE.id(), "unknown", "", Junk.ascii(c.random, 300));
                cl.put(c.pick("iss", "sub"), who);
                if (c.chance(0.5)) {
                    cl.put("iss", who);
                    cl.put("sub", who);
                }
            }
            case 10 -> { // an empty client_id counts as absent (RFC 6749 §3.1)
                String id = c.pick(Portal.CONFIDENTIAL.id(), Portal.PKCE.id(), "", "unknown");
                form.put("client_id", id);
                return new Mutated(valid, "a client_id that is not the assertion's: \"" + id + "\"", id.isEmpty());
            }
            case 11 -> {
                return new Mutated(jwt.sign(Keys.STRANGER_RSA), "signed by an unregistered key with the registered kid",
                        false);
            }
            case 12 -> cl.put("jti", c.pick("", Junk.alnum(c.random, 300), 7));
            case 13 -> { // header members the server does not use (the registered keys count), or crit
                String name = c.pick("kid", "jwk", "x5c", "crit");
                h.put(name, c.pick("unknown", Keys.STRANGER_RSA.toPublicJWK().toJSONObject(), List.of("exp"),
                        Junk.alnum(c.random, 5000)));
                return new Mutated(jwt.sign(key), changed(original, jwt), !name.equals("crit"));
            }
            case 14 -> {
                return new Mutated(jwt.garbageSignature(c.random), "a wrong signature", false);
            }
            default -> {
                String old = c.loot.pick(c.random, Loot.Kind.ASSERTION);
                return new Mutated(old, "an assertion used before", false);
            }
        }
        return new Mutated(jwt.sign(key), changed(original, jwt), false);
    }

    /** Bad assertions at the token, introspection, revocation and PAR endpoints. */
    static void assertion(Case c) {
        String path = c.pick(Portal.TOKEN, Portal.TOKEN, Portal.INTROSPECT, Portal.REVOKE, Portal.PAR);
        Map<String, String> form = new LinkedHashMap<>();
        switch (path) {
            case Portal.TOKEN -> form.put("grant_type", c.pick("client_credentials", "refresh_token", "authorization_code"));
            case Portal.PAR -> {
                form.put("response_type", "code");
                form.put("redirect_uri", Keys.KEYED_REDIRECT);
                form.put("code_challenge", Session.s256(Junk.unreserved(c.random, 43)));
                form.put("code_challenge_method", "S256");
            }
            default -> form.put("token", c.loot.pick(c.random, c.pick(Loot.Kind.ACCESS_TOKEN, Loot.Kind.DPOP_ACCESS_TOKEN)));
        }
        form.put("client_assertion_type", Keys.JWT_BEARER);
        RawRequest request = c.post(path);
        Mutated m = badAssertion(c, path, form, request);
        form.put("client_assertion", m.value());
        if (c.chance(0.05)) {
            request.form(Junk.form(form) + "&client_assertion=" + Junk.encode(m.value()));
        } else {
            request.form(Junk.form(form));
        }
        Response r = c.send(request);
        // 400: a bad request beside the assertion (a client_id that differs, a second method), or, when
        // an empty client_id counts as absent (RFC 6749 §3.1), the assertion's own client's answer
        if (m.mayPass()) {
            c.expectRefused(request, r, "a client assertion: " + m.what(), 200, 201, 400, 401, 413);
        } else {
            c.expectRefused(request, r, "a client assertion: " + m.what(), 400, 401, 413);
        }
    }

    /** A request object made wrong, or junk, as {@code request} at authorize or in a push. */
    private static Mutated badRequestObject(Case c, Map<String, Object> params) {
        JWK key = KeyFlows.keyedKey(c);
        String valid = Keys.requestObject(key, Keys.KEYED_ID, c.portal.issuer, params);
        Keys.Jwt jwt = Keys.Jwt.parse(valid);
        Keys.Jwt original = Keys.Jwt.parse(valid);
        Map<String, Object> h = jwt.header();
        Map<String, Object> cl = jwt.claims();
        long now = System.currentTimeMillis() / 1000;
        switch (c.random.nextInt(14)) {
            case 0 -> { // an empty request counts as absent (RFC 6749 §3.1): the outer parameters count
                String junk = c.pick("", "x", "a.b.c", "a.b.c.d.e", Junk.ascii(c.random, c.between(1, 500)),
                        "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d");
                return new Mutated(junk, "junk", junk.isEmpty());
            }
            case 1 -> {
                return new Mutated(jwt.unsigned(), "unsigned (alg none)", false);
            }
            case 2 -> cl.put("request", c.pick(valid, jwt.unsigned(), "x")); // nested
            case 3 -> cl.put("request_uri", "urn:ietf:params:oauth:request_uri:" + Junk.unreserved(c.random, 43));
            case 4 -> { // huge: an unknown claim is ignored, a long state may be kept
                cl.put(c.pick("claims", "x_pad", "scope", "state"), Junk.alnum(c.random, c.between(5000, 40000)));
                return new Mutated(jwt.sign(key), changed(original, jwt), true);
            }
            case 5 -> {
                return new Mutated(jwt.sign(Keys.STRANGER_RSA), "signed by an unregistered key", false);
            }
            case 6 -> cl.put("exp", c.pick(now - 10, now + 86400, "soon", 0L));
            case 7 -> cl.put(c.pick("aud", "iss", "client_id"), c.pick("https://evil.example/", Portal.CONFIDENTIAL.id(),
                    "", List.of(), 5));
            case 8 -> { // odd types: an error, or (an empty claims request, an unknown prompt ignored) a code
                cl.put(c.pick("claims", "resource", "scope", "max_age", "prompt", "redirect_uri"), c.pick(
                        List.of(1, 2), Map.of("userinfo", List.of()), Keys.nested(c.between(5, 2000)), true, 1.5e308,
                        List.of(), Map.of()));
                return new Mutated(jwt.sign(key), changed(original, jwt), true);
            }
            case 9 -> h.put("typ", c.pick("dpop+jwt", "JOSE", "", "at+jwt"));
            case 10 -> {
                return new Mutated(jwt.hmac(Junk.alnum(c.random, 32).getBytes()), "HMAC", false);
            }
            case 11 -> {
                return new Mutated(jwt.garbageSignature(c.random), "a wrong signature", false);
            }
            case 12 -> h.put("alg", c.pick("RS512", "ES384", "none", "HS256", "EdDSA"));
            default -> cl.put("nbf", c.pick(now + 3600, now - 7200, "x"));
        }
        return new Mutated(jwt.sign(key), changed(original, jwt), false);
    }

    /** Bad request objects at authorize (GET) and PAR (RFC 9101 §6.2: invalid_request_object). */
    static void requestObject(Case c) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("redirect_uri", Keys.KEYED_REDIRECT);
        params.put("scope", Keys.KEYED_SCOPE);
        params.put("state", Junk.unreserved(c.random, 16));
        params.put("code_challenge", Session.s256(Junk.unreserved(c.random, 43)));
        params.put("code_challenge_method", "S256");
        Mutated m = badRequestObject(c, params);
        if (c.chance(0.5)) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("request", m.value());
            if (c.chance(0.2)) {
                form.put("request_uri", "urn:ietf:params:oauth:request_uri:" + Junk.unreserved(c.random, 20));
            }
            RawRequest request = KeyFlows.authenticate(c, KeyFlows.Who.KEYED, c.post(Portal.PAR), form, Portal.PAR);
            Response r = c.send(request.form(Junk.form(form)));
            if (m.mayPass()) {
                c.expectRefused(request, r, "a pushed request object: " + m.what(), 201, 400, 401, 413);
            } else {
                c.expectRefused(request, r, "a pushed request object: " + m.what(), 400, 401, 413);
            }
            return;
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", c.pick(Keys.KEYED_ID, Keys.KEYED_ID, Keys.KEYED_ID, Portal.PKCE.id()));
        if (c.chance(0.2)) {
            query.put("response_type", "code"); // outside the object: ignored, or a conflict
        }
        query.put("request", m.value());
        RawRequest request = c.get(Portal.AUTHORIZE + "?" + Junk.form(query));
        if (c.chance(0.7)) {
            request.cookie(c.session.cookie());
        }
        Response r = c.send(request);
        // the redirect is trusted only from a verified object: an error page (400), or the login page
        c.expectRefused(request, r, "a request object at authorize: " + m.what(), 400, 302, 303, 414, 431);
        if ((r.status() == 302 || r.status() == 303) && !m.mayPass()) {
            String location = String.valueOf(r.header("Location"));
            c.expect(location.startsWith("/login") || location.startsWith(c.portal.origin + "/login")
                    || location.startsWith(Keys.KEYED_REDIRECT + "?error="), request, r,
                    "a bad request object (" + m.what() + "): never a code, never a redirect to an unverified URI "
                            + "(RFC 9101 §6.2)");
        }
    }

    /** Hostile pushes, and request_uri games at authorize. */
    static void par(Case c) {
        if (c.chance(0.4)) {
            requestUriGames(c);
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("response_type", "code");
        form.put("client_id", Portal.CONFIDENTIAL.id());
        form.put("redirect_uri", c.portal.redirectUri);
        form.put("scope", "openid");
        form.put("code_challenge", Session.s256(Junk.unreserved(c.random, 43)));
        form.put("code_challenge_method", "S256");
        RawRequest request = c.post(Portal.PAR);
        boolean authenticated = true;
        switch (c.random.nextInt(12)) {
            case 0 -> authenticated = false; // no client authentication (§2: required)
            case 1 -> request.basic(Portal.CONFIDENTIAL.id(), "wrong-" + Junk.alnum(c.random, 10));
            case 2 -> form.put("request_uri", "urn:ietf:params:oauth:request_uri:" + Junk.unreserved(c.random, 43));
            case 3 -> form.put("redirect_uri", c.pick("https://evil.example/cb", "", c.portal.redirectUri + "/x",
                    "javascript:alert(1)"));
            case 4 -> form.put("response_type", c.pick("token", "", "code id_token", "none"));
            case 5 -> form.put("scope", c.pick("unknown", "openid\u0000", "a".repeat(3000)));
            case 6 -> form.remove(c.pick("code_challenge", "redirect_uri", "response_type", "client_id"));
            case 7 -> form.put(c.pick("state", "nonce", "prompt", "max_age", "login_hint"), Junk.ascii(c.random, c.between(1, 600)));
            case 8 -> {
                form.put("client_id", c.pick(Portal.PKCE.id(), Portal.LEGACY.id(), "unknown"));
            }
            case 9 -> form.put("response_mode", c.pick("fragment", "jwt", "form_post", "query", "x"));
            case 10 -> { // a public client pushes with its client_id only (allowed, §2.1)
                authenticated = false;
                form.put("client_id", Portal.PKCE.id());
            }
            default -> {
                String name = c.pick(new ArrayList<>(form.keySet()));
                request.target(Portal.PAR + "?" + Junk.encode(name) + "=" + Junk.encode(form.get(name)));
            }
        }
        if (authenticated && !request.describe().contains("Authorization")) {
            request.basic(Portal.CONFIDENTIAL.id(), Portal.CONFIDENTIAL.secret());
        }
        String body = Junk.form(form);
        if (c.chance(0.1)) {
            String name = c.pick(new ArrayList<>(form.keySet()));
            body += "&" + Junk.encode(name) + "=" + Junk.encode(Junk.alnum(c.random, 5));
        }
        RawRequest sent = c.chance(0.05) ? c.get(Portal.PAR + "?" + body) : request.form(body);
        Response r = c.send(sent);
        c.expectRefused(sent, r, "a push", 201, 400, 401, 405);
        if (r.status() == 201) {
            c.keep(Loot.Kind.REQUEST_URI, r.json("request_uri"));
        }
    }

    /** request_uri values at authorize that are not a live push of this client (RFC 9126 §4). */
    private static void requestUriGames(Case c) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", c.pick(Portal.CONFIDENTIAL.id(), Portal.PKCE.id(), Keys.KEYED_ID, Portal.LEGACY.id()));
        String uri = switch (c.random.nextInt(7)) {
            case 0 -> "urn:ietf:params:oauth:request_uri:" + Junk.unreserved(c.random, 43);
            case 1 -> c.loot.pick(c.random, Loot.Kind.REQUEST_URI); // used, expired, or another client's
            case 2 -> c.pick("", "urn:", "https://evil.example/request.jwt", "http://127.0.0.1:1/r", Junk.ascii(c.random, 300));
            case 3 -> "urn:ietf:params:oauth:request_uri:" + Junk.unreserved(c.random, c.between(2000, 6000));
            case 4 -> {
                query.put("request", "x");
                yield c.loot.pick(c.random, Loot.Kind.REQUEST_URI);
            }
            case 5 -> {
                query.remove("client_id");
                yield c.loot.pick(c.random, Loot.Kind.REQUEST_URI);
            }
            default -> {
                query.put("response_type", "code");
                query.put("redirect_uri", "https://evil.example/cb");
                yield c.loot.pick(c.random, Loot.Kind.REQUEST_URI);
            }
        };
        query.put("request_uri", uri);
        String target = Portal.AUTHORIZE + "?" + Junk.form(query);
        if (c.chance(0.1)) {
            target += "&request_uri=" + Junk.encode(uri);
        }
        RawRequest request = c.get(target);
        if (c.chance(0.7)) {
            request.cookie(c.session.cookie());
        }
        Response r = c.send(request);
        c.expectRefused(request, r, "a request_uri that is not a live push of this client", 400, 302, 303, 414);
        String location = r.header("Location");
        if (location != null) {
            c.expect(location.startsWith("/login") || location.startsWith(c.portal.origin + "/login")
                    || !location.contains("code="), request, r, "no code from a request_uri that is not a live push");
            c.expect(!location.startsWith("https://evil.example"), request, r, "never a redirect to an unregistered URI");
        }
    }
}
