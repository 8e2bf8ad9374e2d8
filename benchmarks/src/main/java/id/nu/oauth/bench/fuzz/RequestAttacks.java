package id.nu.oauth.bench.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile values for the newer request parameters and pages: {@code resource} (RFC 8707),
 * {@code claims} (OpenID Connect Core §5.5), {@code acr_values} and {@code response_mode},
 * RP-initiated logout (forged hints, post_logout_redirect_uri games, the confirmation form's CSRF
 * token), the demo's Connected apps revoke form (CSRF) and its {@code /metrics}. Expected: an RFC
 * error (an error page, an error redirect, a JSON error) or a page, never 5xx, never a forged
 * logout or revocation, never a secret on the metrics page.
 */
final class RequestAttacks {

    private RequestAttacks() {
    }

    /** A well-formed authorize query for a client: demo-pkce, demo-legacy, my-portal-app or my-keyed-app. */
    private static Map<String, String> authorizeQuery(Case c) {
        Map<String, String> query = new LinkedHashMap<>();
        int who = c.random.nextInt(4);
        String clientId = new String[] {Portal.PKCE.id(), Portal.LEGACY.id(), Portal.CONFIDENTIAL.id(), Keys.KEYED_ID}[who];
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", who == 3 ? Keys.KEYED_REDIRECT : c.portal.redirectUri);
        query.put("state", Junk.unreserved(c.random, 16));
        query.put("scope", "openid profile");
        if (who != 1) {
            query.put("code_challenge", Session.s256(Junk.unreserved(c.random, 43)));
            query.put("code_challenge_method", "S256");
        }
        return query;
    }

    private static Response authorize(Case c, Map<String, String> query, String extra, String what) {
        RawRequest request = c.get(Portal.AUTHORIZE + "?" + Junk.form(query) + extra);
        if (c.chance(0.8)) {
            request.cookie(c.session.cookie());
        }
        Response r = c.send(request);
        // an error page, an error redirect to the registered URI, the consent page, a code, the login page
        c.expectRefused(request, r, what, 200, 302, 303, 400, 414, 431);
        String location = r.header("Location");
        if (location != null) {
            c.expect(location.startsWith("/login") || location.startsWith(c.portal.origin + "/")
                    || location.startsWith(Keys.KEYED_REDIRECT), request, r, what + ": a redirect only to the "
                            + "registered URI or the login page");
        }
        return r;
    }

    private static final String[] BAD_RESOURCES = {"orders", "/orders", "https://orders.example.or.id/#frag",
        "https://orders.example.or.id/#", "urn:x", "", " ", "https://", "http://[::1", "javascript:alert(1)",
        "https://evil.example/", "HTTPS://ORDERS.EXAMPLE.OR.ID/", "https://orders.example.or.id", "mailto:a@b",
        "https://orders.example.or.id/\u0000", "https://user:pw@orders.example.or.id/"};

    /** resource (RFC 8707 §2): not absolute, a fragment, unregistered, many, long; at authorize, token and PAR. */
    static void resource(Case c) {
        List<String> values = new java.util.ArrayList<>();
        switch (c.random.nextInt(5)) {
            case 0 -> values.add(c.pick(BAD_RESOURCES));
            case 1 -> {
                for (int i = c.between(2, 400); i > 0; i--) {
                    values.add(c.chance(0.8) ? c.pick(Keys.KEYED_RESOURCES) : c.pick(BAD_RESOURCES));
                }
            }
            case 2 -> values.add("https://orders.example.or.id/" + Junk.unreserved(c.random, c.between(100, 6000)));
            case 3 -> values.add(c.pick(Keys.KEYED_RESOURCES)); // valid for my-keyed-app only
            default -> values.add(Junk.ascii(c.random, c.between(1, 80)));
        }
        StringBuilder extra = new StringBuilder();
        for (String v : values) {
            extra.append("&resource=").append(Junk.encode(v));
        }
        switch (c.random.nextInt(3)) {
            case 0 -> authorize(c, authorizeQuery(c), extra.toString(), "resource at authorize");
            case 1 -> {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("grant_type", "client_credentials");
                KeyFlows.Who who = c.pick(KeyFlows.Who.KEYED, KeyFlows.Who.CONFIDENTIAL);
                RawRequest request = KeyFlows.authenticate(c, who, c.post(Portal.TOKEN), form, Portal.TOKEN);
                request.form(Junk.form(form) + extra);
                Response r = c.send(request);
                c.expectRefused(request, r, "resource at the token endpoint", 200, 400, 413);
                if (r.status() == 400) {
                    c.expect("invalid_target".equals(r.json("error")) || "invalid_request".equals(r.json("error")),
                            request, r, "a bad resource: invalid_target (RFC 8707 §2)");
                }
            }
            default -> {
                Map<String, String> form = new LinkedHashMap<>(authorizeQuery(c));
                form.put("client_id", Keys.KEYED_ID);
                form.put("redirect_uri", Keys.KEYED_REDIRECT);
                RawRequest request = KeyFlows.authenticate(c, KeyFlows.Who.KEYED, c.post(Portal.PAR), form, Portal.PAR);
                request.form(Junk.form(form) + extra);
                Response r = c.send(request);
                c.expectRefused(request, r, "resource in a push", 201, 400, 413);
            }
        }
    }

    /** claims (OpenID Connect Core §5.5): not JSON, deep, huge, wrong types; at authorize and PAR. */
    static void claims(Case c) {
        String claims = switch (c.random.nextInt(12)) {
            case 0 -> Keys.nested(c.between(10, 100));
            case 1 -> Keys.nested(c.between(500, 5000));
            case 2 -> "[".repeat(c.between(100, 5000)) + "]".repeat(c.between(0, 100));
            case 3 -> "{\"userinfo\":{" + "\"email\":null,".repeat(c.between(100, 3000)) + "\"name\":null}}";
            case 4 -> c.pick("{\"userinfo\":[]}", "{\"id_token\":\"x\"}", "{\"userinfo\":{\"email\":{\"essential\":\"yes\"}}}",
                    "{\"userinfo\":{\"email\":{\"values\":\"x\"}}}", "{\"id_token\":{\"acr\":{\"values\":[1,2]}}}",
                    "{\"id_token\":{\"auth_time\":{\"essential\":true,\"value\":{}}}}", "{\"userinfo\":1}");
            case 5 -> c.pick("", "null", "1", "\"x\"", "[]", "{", "}", "{\"a\":}", "{'userinfo':{}}", "{\"a\":1,\"a\":2}");
            case 6 -> "{\"userinfo\":{\"" + Junk.alnum(c.random, c.between(1000, 9000)) + "\":null}}";
            case 7 -> "{\"userinfo\":{\"email\":{\"value\":\"" + "\\u0000".repeat(c.between(1, 200)) + "\"}}}";
            case 8 -> "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"" + Junk.alnum(c.random, 8) + "\"]}}}";
            case 9 -> "{\"userinfo\":{\"email\":{\"essential\":true}},\"id_token\":{\"sub\":{\"value\":\"someone-else\"}}}";
            case 10 -> Junk.utf8("{\"userinfo\":{\"n\u00e4me\":null}}");
            default -> Junk.ascii(c.random, c.between(1, 200));
        };
        if (c.chance(0.6)) {
            Map<String, String> query = authorizeQuery(c);
            query.put("claims", claims);
            authorize(c, query, "", "claims at authorize");
        } else {
            Map<String, String> form = new LinkedHashMap<>(authorizeQuery(c));
            form.put("client_id", Portal.CONFIDENTIAL.id());
            form.put("redirect_uri", c.portal.redirectUri);
            form.put("claims", claims);
            RawRequest request = c.post(Portal.PAR).basic(Portal.CONFIDENTIAL.id(), Portal.CONFIDENTIAL.secret())
                    .form(Junk.form(form));
            c.expectRefused(request, c.send(request), "claims in a push", 201, 400, 413);
        }
    }

    /** acr_values and response_mode: unknown, long, control characters, repeated; with form_post pages checked. */
    static void acrAndResponseMode(Case c) {
        Map<String, String> query = authorizeQuery(c);
        String extra = "";
        if (c.chance(0.5)) {
            query.put("acr_values", c.pick("urn:mace:incommon:iap:silver", "0", "1 2 3", "", Junk.ascii(c.random,
                    c.between(1, 3000)), "\u0001\u0002", "phr phrh", Junk.alnum(c.random, 30) + " ".repeat(50)));
            if (c.chance(0.2)) {
                query.put("claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"" + query.get("acr_values")
                        .replace("\"", "") + "\"]}}}");
            }
        }
        if (c.chance(0.6)) {
            query.put("response_mode", c.pick("form_post", "form_post", "query", "fragment", "jwt", "query.jwt",
                    "form_post.jwt", "", "FORM_POST", "form_post ", Junk.ascii(c.random, 50)));
            if (c.chance(0.1)) {
                extra = "&response_mode=" + c.pick("query", "form_post");
            }
            if (c.chance(0.2)) {
                query.put("state", "\"><" + Recorder.CANARY_TAG.substring(1) + ">"); // must come back escaped in form_post
            }
        }
        authorize(c, query, extra, "acr_values / response_mode");
    }

    /** RP-initiated logout that must not log anybody out: forged hints, redirect games, a forged confirmation. */
    static void logout(Case c) {
        Map<String, String> params = new LinkedHashMap<>();
        String realHint = c.loot.pick(c.random, Loot.Kind.ID_TOKEN); // another login's, or a look-alike
        switch (c.random.nextInt(10)) {
            case 0 -> params.put("id_token_hint", c.pick(Junk.ascii(c.random, c.between(1, 300)), "", "a.b.c",
                    Junk.unreserved(c.random, c.between(5000, 7000))));
            case 1 -> { // our iss and the client as audience, unsigned or HMAC-signed
                Keys.Jwt forged = new Keys.Jwt(new LinkedHashMap<>(Map.of("alg", "RS256")), new LinkedHashMap<>(Map.of(
                        "iss", c.portal.issuer, "aud", Portal.PKCE.id(), "sub", Portal.USERNAME,
                        "exp", System.currentTimeMillis() / 1000 + 600, "iat", System.currentTimeMillis() / 1000)));
                params.put("id_token_hint", c.chance(0.5) ? forged.unsigned() : forged.hmac(Junk.alnum(c.random, 32)
                        .getBytes()));
            }
            case 2 -> { // a real id_token with its payload changed (the signature no longer fits)
                String[] parts = realHint.split("\\.");
                params.put("id_token_hint", parts.length == 3 ? parts[0] + "." + Keys.b64("{\"iss\":\"" + c.portal.issuer
                        + "\",\"aud\":\"demo-pkce\",\"sub\":\"siti\"}") + "." + parts[2] : realHint);
            }
            case 3 -> { // a real hint, and a post_logout_redirect_uri that is nearly the registered one
                params.put("id_token_hint", realHint);
                params.put("post_logout_redirect_uri", c.pick(c.portal.signedOut + "/", c.portal.signedOut + "?x=1",
                        c.portal.signedOut + "#f", c.portal.signedOut.toUpperCase(), "https://evil.example/",
                        "javascript:alert(1)", c.portal.signedOut.replace(":" + c.portal.port, ""), "//evil.example",
                        c.portal.signedOut + "\r\nX-Fuzz-Canary: 1", ""));
            }
            case 4 -> { // a registered URI for another client than the hint's
                params.put("id_token_hint", realHint);
                params.put("client_id", c.pick(Portal.CONFIDENTIAL.id(), Keys.KEYED_ID, "unknown", "", "\u0001"));
                params.put("post_logout_redirect_uri", c.portal.signedOut);
            }
            case 5 -> { // no hint: a client_id and its URI, the state with a canary
                params.put("client_id", c.pick(Portal.PKCE.id(), Keys.KEYED_ID, Portal.RESOURCE_SERVER.id()));
                params.put("post_logout_redirect_uri", c.portal.signedOut);
                params.put("state", c.pick("x\r\n" + Recorder.CANARY_HEADER + ": 1", "\"><" + Recorder.CANARY_TAG
                        .substring(1) + ">", Junk.ascii(c.random, 500), "\u0000"));
            }
            case 6 -> params.put("post_logout_redirect_uri", c.portal.signedOut); // a URI without a client
            case 7 -> { // the confirmation form, forged: no, a wrong or another session's CSRF token
                params.put("nuid_logout_confirm", "yes");
                if (c.chance(0.7)) {
                    params.put("nuid_csrf", c.pick(Junk.unreserved(c.random, 43), "", "null"));
                }
                if (c.chance(0.5)) {
                    params.put("id_token_hint", realHint);
                }
            }
            case 8 -> params.put(c.pick("ui_locales", "logout_hint", "id_token_hint", "client_id"),
                    Junk.ascii(c.random, c.between(1, 400)));
            default -> {
                params.put("id_token_hint", realHint);
                params.put("client_id", Portal.PKCE.id());
            }
        }
        String body = Junk.form(params);
        if (c.chance(0.1) && !params.isEmpty()) {
            String name = params.keySet().iterator().next();
            body += "&" + Junk.encode(name) + "=" + Junk.encode(params.get(name)); // repeated
        }
        int how = c.random.nextInt(8);
        RawRequest request = switch (how) {
            case 0, 1, 2, 3 -> c.get(Portal.LOGOUT + "?" + body);
            case 4, 5, 6 -> c.post(Portal.LOGOUT).form(body);
            default -> c.request(c.pick("PUT", "DELETE", "PATCH"), Portal.LOGOUT).form(body);
        };
        boolean withSession = c.chance(0.6);
        if (withSession) {
            request.cookie(c.session.cookie());
            if (c.chance(0.2)) {
                request.header("Sec-Fetch-Site", "cross-site");
            }
        }
        Response r = c.send(request);
        c.expectRefused(request, r, "a logout", 200, 302, 303, 400, 401, 403, 405, 414, 431);
        String location = r.header("Location");
        if (location != null) {
            c.expect(location.startsWith(c.portal.signedOut) || location.startsWith("/login"), request, r,
                    "a logout redirects only to a registered post_logout_redirect_uri (RP-Initiated Logout 1.0 §3)");
        }
        if (withSession && c.session.issuedHere(params.get("id_token_hint"))) {
            // the picked hint was this session's own id_token (the loot holds every worker's): with it
            // the logout may end the session without asking (RP-Initiated Logout 1.0 §2), no attack;
            // sign in again if it did, as the other kinds expect a signed-in session
            RawRequest apps = c.get(Portal.APPS).cookie(c.session.cookie());
            if (c.send(apps).status() != 200) {
                c.session.login(c);
            }
        } else if (withSession && c.chance(0.25)) {
            // nothing above may end the session: a forged hint asks first, a forged confirmation is 403
            RawRequest apps = c.get(Portal.APPS).cookie(c.session.cookie());
            Response page = c.send(apps);
            c.expect(page.status() == 200, apps, page, "the session is still signed in after a logout request "
                    + "without its own id_token or a valid CSRF token (RP-Initiated Logout 1.0 §2, §6)");
        }
    }

    private static final java.util.regex.Pattern CSRF = java.util.regex.Pattern.compile(
            "name=\"csrf\" value=\"([^\"]*)\"");

    /** The Connected apps page and its revoke forms: CSRF, other grant ids, junk; never a real revocation. */
    static void connectedApps(Case c) {
        if (c.chance(0.3)) {
            RawRequest request = c.get(Portal.APPS + c.pick("", "?revoked=1", "?revoked=all", "?revoked=<" + Recorder.CANARY_TAG
                    .substring(1) + ">", "?x=%zz"));
            boolean withSession = c.chance(0.7);
            if (withSession) {
                request.cookie(c.session.cookie());
            }
            Response r = c.send(request);
            // Tomcat refuses a raw < > [ ] in a query with 400 (RFC 3986 §3.4), as it may
            c.expect(request.target().matches(".*(%zz|<|\\[).*") ? r.status() == 400 || r.status() == 200 || r.status() == 302
                    : withSession ? r.status() == 200 : r.status() == 302 || r.status() == 303, request, r,
                    "Connected apps: the page with a session, the login page without");
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        String csrf = null;
        int variant = c.random.nextInt(6);
        if (variant == 5) { // the page's own token, with a grant id that is not the user's: 303, nothing revoked
            Response page = c.send(c.get(Portal.APPS).cookie(c.session.cookie()));
            java.util.regex.Matcher m = CSRF.matcher(page.text());
            csrf = m.find() ? m.group(1) : null;
        }
        switch (variant) {
            case 0 -> { } // no token
            case 1 -> form.put("csrf", Junk.unreserved(c.random, 43));
            case 2 -> form.put("csrf", c.pick("", " ", "null", Junk.ascii(c.random, 2000)));
            case 3 -> form.put("csrf", Junk.unreserved(c.random, 43) + "&csrf=" + Junk.unreserved(c.random, 43));
            case 4 -> form.put("csrf", Junk.unreserved(c.random, 43));
            default -> form.put("csrf", String.valueOf(csrf));
        }
        if (c.chance(0.5) && variant != 5) {
            form.put("all", "1");
        } else {
            form.put("grant", c.pick(Junk.unreserved(c.random, 22), "", "../", Junk.ascii(c.random, 300),
                    c.loot.pick(c.random, Loot.Kind.ACCESS_TOKEN)));
        }
        RawRequest request = c.post(Portal.APPS).form(Junk.form(form));
        boolean withSession = variant == 5 || c.chance(0.7);
        if (withSession) {
            request.cookie(c.session.cookie());
        }
        if (variant == 4) {
            request.header("Sec-Fetch-Site", "cross-site").header("Origin", "https://evil.example");
        }
        Response r = c.send(request);
        if (variant == 5 && csrf != null) {
            c.expect(r.status() == 303, request, r, "a revoke form with the page's CSRF token and a grant id that is "
                    + "not the user's: back to the page, nothing revoked");
        } else {
            c.expect(r.status() == 403, request, r, "a revoke form without the session's CSRF token: 403");
        }
    }

    /** GET, HEAD and other methods of /metrics; the page never shows a secret or a token. */
    static void metrics(Case c) {
        String method = c.pick("GET", "GET", "GET", "HEAD", "POST", "PUT", "OPTIONS");
        String target = Portal.METRICS + c.pick("", "?name[]=x", "?x=%zz", "/", "?" + Junk.unreserved(c.random, 3000));
        RawRequest request = c.request(method, target);
        if (c.chance(0.3)) {
            request.header("Accept", c.pick("application/openmetrics-text; version=1.0.0", "*/*", "text/plain;q=0",
                    Junk.ascii(c.random, 200)));
        }
        if (method.equals("POST") || method.equals("PUT")) {
            request.form("x=1");
        }
        Response r = c.send(request);
        c.expect(r.status() == 200 || r.status() == 404 || r.status() == 405 || r.status() == 400 && target.matches(".*(%zz|\\[).*")
                || r.status() == 414 || r.status() == 431, request, r, "/metrics: 200, or 405 for a method it does not take");
        String body = r.text();
        if (r.status() == 200 && !body.isEmpty()) {
            String token = c.loot.pick(c.random, c.pick(Loot.Kind.ACCESS_TOKEN, Loot.Kind.REFRESH_TOKEN, Loot.Kind.CODE));
            c.expect(!body.contains(Portal.CONFIDENTIAL.secret()) && !body.contains(Portal.RESOURCE_SERVER.secret())
                    && !body.contains(token) && !body.contains(Portal.PASSWORD), request, r,
                    "no secret, token, code or password on /metrics");
        }
    }
}
