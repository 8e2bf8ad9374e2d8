package id.nu.oauth.bench.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hostile requests that are well-framed HTTP but wrong for OAuth: content types and charsets the
 * endpoints must refuse, repeated headers and parameters, credentials in a POST's query, broken
 * percent-encoding and UTF-8, odd characters in {@code state}, random bearer tokens and Basic
 * credentials, random authorize and token parameters, forged consent posts. Expected: a 4xx (or a
 * redirect with an error), never 5xx, never an exception in the body, never the input reflected
 * as a header or as markup.
 */
final class ParameterAttacks {

    private ParameterAttacks() {
    }

    private static final String[] CHARSETS = {"ebcdic", "x-garbage", "\"", "\"\"", "\"utf-8", "utf-8\"", "UTF-16",
        "utf-16be", "UTF-32", "ISO-8859-1", "us-ascii", "*", "", "utf8", "utf-7", "cp037", "IBM1047", "x-IBM930",
        "gb18030", "shift_jis", "null", "\u00e9t\u00e9", "UTF-8;charset=ebcdic", "UTF-8, ebcdic", "\u0000", "=", ";"};

    /** A form whose charset is unknown, illegal, quoted wrongly, or a real one other than UTF-8. */
    static void charset(Case c) {
        String path = c.pick(Portal.POSTS);
        String charset = c.chance(0.1) ? "x-" + Junk.alnum(c.random, c.between(1, 300)) : c.pick(CHARSETS);
        String contentType = c.pick(RawRequest.FORM + "; charset=" + charset, RawRequest.FORM + ";charset=" + charset,
                RawRequest.FORM + "; charset = " + charset, RawRequest.FORM + "; charset=\"" + charset + "\"",
                RawRequest.FORM + "; CHARSET=" + charset);
        c.send(Forms.plausiblePost(c, path).contentType(contentType));
    }

    private static final String[] CONTENT_TYPES = {";", ";;;", "", " ", "text/plain", "application/json",
        RawRequest.FORM + ";;;", ";" + RawRequest.FORM, RawRequest.FORM + "; =", RawRequest.FORM + "; charset",
        "multipart/form-data", "multipart/form-data; boundary=", RawRequest.FORM + ", text/plain", "*/*",
        RawRequest.FORM + "\t;charset=utf-8", "application/x-www-form-urlencoded;charset=utf-8;charset=utf-8",
        "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencodedx", "application", "/", ";=;=;",
        "text/html; charset=utf-8", "application/jwt", "application/xml", "\u00e9/\u00e9"};

    /** Content types that are empty, only separators, or not a form; sometimes two of them. */
    static void contentType(Case c) {
        String path = c.pick(Portal.POSTS);
        RawRequest request = Forms.credentials(c, c.post(path), path);
        String type = c.pick(CONTENT_TYPES);
        request.header("Content-Type", type);
        if (c.chance(0.15)) {
            request.header("Content-Type", c.pick(RawRequest.FORM, "text/plain"));
        }
        String body = switch (c.random.nextInt(3)) {
            case 0 -> "{\"grant_type\":\"client_credentials\",\"token\":\"" + Junk.alnum(c.random, 20) + "\"}";
            case 1 -> "--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--b--\r\n";
            default -> Forms.plausibleBody(c, path);
        };
        c.send(request.body(body));
    }

    /** Two or three Authorization headers (RFC 6749 §2.3: one authentication method per request). */
    static void repeatedAuthorization(Case c) {
        String path = c.pick(Portal.TOKEN, Portal.REFRESH, Portal.REVOKE, Portal.INTROSPECT, Portal.USERINFO);
        RawRequest request = c.post(path).form(Forms.plausibleBody(c, path));
        if (path.equals(Portal.USERINFO) && c.chance(0.5)) {
            request = c.get(path);
        }
        for (int i = c.between(2, 3); i > 0; i--) {
            request.header("Authorization", c.pick(
                    "Basic " + Junk.base64(Portal.CONFIDENTIAL.id() + ":" + Portal.CONFIDENTIAL.secret()),
                    "Basic " + Junk.base64("demo-pkce:x"), "Bearer " + c.loot.pick(c.random, Loot.Kind.ACCESS_TOKEN),
                    "Basic", ""));
        }
        c.send(request);
    }

    /** A parameter twice: in the query and the body, twice in the body, or twice in an authorize query. */
    static void repeatedParameter(Case c) {
        if (c.chance(0.25)) {
            Map<String, String> query = authorizeQuery(c);
            String name = c.pick(new ArrayList<>(query.keySet()));
            String target = Portal.AUTHORIZE + "?" + Junk.form(query) + "&" + Junk.encode(name) + "="
                    + Junk.encode(c.chance(0.5) ? query.get(name) : Junk.alnum(c.random, 6));
            c.send(c.get(target).cookie(c.session.cookie()));
            return;
        }
        String path = c.pick(Portal.TOKEN, Portal.REFRESH, Portal.REVOKE, Portal.INTROSPECT, Portal.USERINFO, Portal.CONSENT);
        Map<String, String> form = Forms.plausible(c, path);
        String name = c.pick(new ArrayList<>(form.keySet()));
        String again = Junk.encode(name) + "=" + Junk.encode(c.chance(0.5) ? form.get(name) : Junk.alnum(c.random, 6));
        String body = Junk.form(form);
        RawRequest request = Forms.credentials(c, c.post(path), path);
        if (c.chance(0.5)) {
            request.target(path + "?" + again);
        } else {
            body += "&" + again + (c.chance(0.3) ? "&" + again : "");
        }
        c.send(request.form(body));
    }

    /** Secrets, codes, verifiers and tokens in a POST's query (RFC 9700 §4.3.2: never in a URL). */
    static void credentialsInQuery(Case c) {
        String path = c.pick(Portal.TOKEN, Portal.TOKEN, Portal.REFRESH, Portal.REVOKE, Portal.INTROSPECT);
        Map<String, String> query = new LinkedHashMap<>();
        switch (c.random.nextInt(6)) {
            case 0 -> {
                query.put("client_id", Portal.CONFIDENTIAL.id());
                query.put("client_secret", Portal.CONFIDENTIAL.secret());
            }
            case 1 -> query.put("code", c.loot.pick(c.random, Loot.Kind.CODE));
            case 2 -> query.put("refresh_token", c.loot.pick(c.random, Loot.Kind.REFRESH_TOKEN));
            case 3 -> query.put("code_verifier", Junk.unreserved(c.random, 43));
            case 4 -> query.put("token", c.loot.pick(c.random, Loot.Kind.ACCESS_TOKEN));
            default -> query.put(c.pick("client_assertion", "password", "access_token", "assertion"), Junk.alnum(c.random, 40));
        }
        RawRequest request = c.post(path + "?" + Junk.form(query)).form(Forms.plausibleBody(c, path));
        if (c.chance(0.5)) {
            request.basic(Portal.CONFIDENTIAL.id(), Portal.CONFIDENTIAL.secret());
        }
        c.send(request);
    }

    private static final String[] BAD_PERCENT = {"%", "%z", "%zz", "%4", "%%41", "%G0", "%0", "%%", "%u0041", "%C3%",
        "a%", "%2", "%\u00ff\u00ff", "%+1"};

    /** Percent signs not followed by two hex digits, in a query or a body, in a name or a value. */
    static void percentEncoding(Case c) {
        String bad = c.pick(BAD_PERCENT);
        int where = c.random.nextInt(4);
        if (where == 0) {
            c.send(c.get(Portal.AUTHORIZE + "?response_type=code&client_id=demo-pkce&state=" + bad).cookie(c.session.cookie()));
            return;
        }
        if (where == 1) {
            c.send(c.get(Portal.USERINFO + "?x=" + bad).bearer(c.loot.pick(c.random, Loot.Kind.ACCESS_TOKEN)));
            return;
        }
        String path = c.pick(Portal.POSTS);
        String body = Forms.plausibleBody(c, path);
        String pair = c.chance(0.5) ? bad + "=x" : "x=" + bad;
        RawRequest request = Forms.credentials(c, c.post(where == 2 ? path + "?" + pair : path), path);
        c.send(request.form(where == 2 ? body : body + "&" + pair));
    }

    /** Byte sequences that are not UTF-8: a lone continuation, overlong, surrogates, truncated, FF. */
    static final String[] BAD_UTF8 = {"\u00c3\u0028", "\u00ff", "\u00fe\u00ff", "\u00c0\u00af", "\u00ed\u00a0\u0080",
        "\u00f8\u0088\u0080\u0080\u0080", "\u00e2\u0082", "\u0080", "\u00f4\u0090\u0080\u0080", "\u00c1\u00bf"};

    /** Invalid UTF-8 raw in a body, percent-encoded in a body or a query, raw in the request line. */
    static void invalidUtf8(Case c) {
        String bad = c.pick(BAD_UTF8);
        String path = c.pick(Portal.POSTS);
        switch (c.random.nextInt(5)) {
            case 0 -> c.send(Forms.credentials(c, c.post(path), path)
                    .form(Forms.plausibleBody(c, path) + "&" + c.pick("x=", "state=", "scope=") + bad));
            case 1 -> c.send(Forms.credentials(c, c.post(path), path)
                    .form(Forms.plausibleBody(c, path) + "&x=" + Junk.percentBytes(bad)));
            case 2 -> c.send(c.get(Portal.AUTHORIZE + "?response_type=code&client_id=demo-pkce&redirect_uri="
                    + Junk.encode(c.portal.redirectUri) + "&state=" + Junk.percentBytes(bad)).cookie(c.session.cookie()));
            case 3 -> c.send(c.get(c.pick(Portal.AUTHORIZE, Portal.USERINFO, Portal.JWKS) + "?state=" + bad));
            default -> c.send(c.post(Portal.TOKEN).header("Authorization", "Basic " + Junk.base64(bad + ":" + bad))
                    .form("grant_type=client_credentials"));
        }
    }

    /** A state with non-ASCII, control characters, a CRLF header canary, an HTML canary; with and without a session. */
    static void state(Case c) {
        String state = switch (c.random.nextInt(8)) {
            case 0 -> Junk.encode(c.pick("\u2713", "\ud83d\ude00", "\u00e9t\u00e9", "\u202e", "\ufeff", "\u0000"));
            case 1 -> Junk.percentBytes(String.valueOf((char) (int) c.pick(0, 1, 7, 9, 10, 13, 27, 31, 127)));
            case 2 -> "x%0D%0A" + Recorder.CANARY_HEADER + ":%201";
            case 3 -> Junk.encode("\">" + Recorder.CANARY_TAG + ">'");
            case 4 -> Junk.unreserved(c.random, c.between(1000, 6000));
            case 5 -> "";
            case 6 -> Junk.utf8("\u00e9\u2713"); // raw UTF-8 bytes in the request line
            default -> Junk.encode(Junk.ascii(c.random, c.between(1, 40)));
        };
        Portal.Client client = c.pick(Portal.CLIENTS);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.id());
        query.put("redirect_uri", c.portal.redirectUri);
        query.put("scope", client.scope());
        if (client.pkce()) {
            query.put("code_challenge", Session.s256(Junk.unreserved(c.random, 43)));
            query.put("code_challenge_method", "S256");
        }
        String target = Portal.AUTHORIZE + "?" + Junk.form(query) + "&state=" + state;
        RawRequest request = c.get(target);
        if (c.chance(0.6)) {
            request.cookie(c.session.cookie());
        }
        c.send(request);
    }

    /** Random Authorization values at userinfo (GET and POST) and the bearer-protected resource. */
    static void bearer(Case c) {
        String path = c.pick(Portal.USERINFO, Portal.USERINFO, Portal.RESOURCE);
        RawRequest request = c.chance(0.3) && path.equals(Portal.USERINFO) ? c.post(path).form("") : c.get(path);
        String header = switch (c.random.nextInt(12)) {
            case 0 -> "Bearer " + Junk.ascii(c.random, c.between(1, 200));
            case 1 -> c.pick("Bearer", "Bearer ", "Bearer  x", "bearer x", "BEARER x", "Bearer x y", "Bearer\tx");
            case 2 -> "Basic " + Junk.base64("a:b");
            case 3 -> "DPoP " + Junk.unreserved(c.random, 43);
            case 4 -> "Bearer " + Junk.unreserved(c.random, c.between(2000, 7000));
            case 5 -> "Bearer " + Junk.utf8("t\u00f6ken\u2713");
            case 6 -> "Bearer " + c.loot.pick(c.random, Loot.Kind.REFRESH_TOKEN);
            case 7 -> "Bearer " + c.loot.pick(c.random, Loot.Kind.ACCESS_TOKEN);
            case 8 -> "Bearer " + Junk.base64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "."
                    + Junk.base64Url("{\"sub\":\"demo\",\"client_id\":\"my-portal-app\"}") + ".";
            case 9 -> "Bearer eyJ" + Junk.ascii(c.random, 20) + ".eyJ.";
            case 10 -> "Bearer " + Junk.bytes(c.random, 20).replace("\r", "").replace("\n", "");
            default -> "Bearer " + Junk.unreserved(c.random, 43);
        };
        request.header("Authorization", header);
        if (c.chance(0.1)) {
            request.target(path + "?access_token=" + Junk.unreserved(c.random, 43));
        }
        c.send(request);
    }

    /** HTTP Basic that is not base64, has no colon, bad percent-encoding, wrong secrets, invalid UTF-8. */
    static void basic(Case c) {
        String path = c.pick(Portal.TOKEN, Portal.REFRESH, Portal.REVOKE, Portal.INTROSPECT);
        String value = switch (c.random.nextInt(9)) {
            case 0 -> "Basic !!!" + Junk.ascii(c.random, 10);
            case 1 -> "Basic " + Junk.base64("no-colon");
            case 2 -> "Basic " + Junk.base64(Portal.CONFIDENTIAL.id() + ":wrong-" + Junk.alnum(c.random, 8));
            case 3 -> "Basic " + Junk.base64("%zz:%zz");
            case 4 -> "Basic " + Junk.base64(Junk.bytes(c.random, 16));
            case 5 -> c.pick("Basic", "Basic ", "Basic  " + Junk.base64("a:b"), "Basic " + Junk.base64("a:b") + "===",
                    "basic " + Junk.base64(Portal.CONFIDENTIAL.id() + ":" + Portal.CONFIDENTIAL.secret()));
            case 6 -> "Basic " + Junk.base64(Junk.encode(Portal.PKCE.id()) + ":");
            case 7 -> "Basic " + Junk.base64(Junk.alnum(c.random, 3000) + ":" + Junk.alnum(c.random, 3000));
            default -> "Basic " + Junk.base64(":" + Portal.CONFIDENTIAL.secret());
        };
        c.send(c.post(path).header("Authorization", value).form(Forms.plausibleBody(c, path)));
    }

    /** Authorize with random values for every parameter, signed in or not. */
    static void authorizeParameters(Case c) {
        Map<String, String> query = authorizeQuery(c);
        int changes = c.between(1, 4);
        for (int i = 0; i < changes; i++) {
            switch (c.random.nextInt(12)) {
                case 0 -> query.put("response_type", c.pick("token", "id_token", "code id_token", "", "CODE", "code code", "none"));
                case 1 -> query.put("client_id", c.pick("unknown", "", Junk.alnum(c.random, 300), "demo-pkce\u0000", "my-mobile-app"));
                case 2 -> query.put("redirect_uri", c.pick("https://evil.example/cb", "javascript:alert(1)", "http://[",
                        c.portal.redirectUri + "#frag", "/demo-client/callback", "http://127.0.0.1:1/demo-client/callback",
                        c.portal.redirectUri + "/..", c.portal.redirectUri.toUpperCase(), "", "http://localhost/demo-client/callback"));
                case 3 -> query.put("scope", c.pick("unknown", "openid openid", "", "openid\u0001", "orders.read", "a".repeat(2000)));
                case 4 -> query.put("code_challenge", c.pick("short", Junk.unreserved(c.random, 129), "!!!" + Junk.ascii(c.random, 40), ""));
                case 5 -> query.put("code_challenge_method", c.pick("plain", "s256", "S512", "", "none"));
                case 6 -> query.put("prompt", c.pick("none", "login", "consent", "select_account", "none login", "garbage", ""));
                case 7 -> query.put("max_age", c.pick("0", "-1", "abc", "99999999999999999999", "1.5", ""));
                case 8 -> query.put(c.pick("request", "request_uri", "registration", "claims"), Junk.ascii(c.random, 30));
                case 9 -> query.put("response_mode", c.pick("query", "fragment", "form_post", "jwt", "garbage"));
                case 10 -> query.put("nonce", c.pick("", Junk.unreserved(c.random, 3000), Junk.utf8("n\u00f6nce")));
                default -> query.put(Junk.alnum(c.random, 6), Junk.ascii(c.random, 12));
            }
        }
        RawRequest request = c.get(Portal.AUTHORIZE + "?" + Junk.form(query));
        if (c.chance(0.6)) {
            request.cookie(c.session.cookie());
        }
        c.send(request);
    }

    /** Token requests with random grant types and parameters, old codes and tokens. */
    static void grantParameters(Case c) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", c.pick("authorization_code", "refresh_token", "client_credentials", "password", "implicit",
                "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer", "",
                Junk.alnum(c.random, 12), "authorization_code\u0000"));
        if (c.chance(0.6)) {
            form.put("code", c.chance(0.5) ? c.loot.pick(c.random, Loot.Kind.CODE) : Junk.ascii(c.random, c.between(0, 100)));
        }
        if (c.chance(0.5)) {
            form.put("redirect_uri", c.pick(c.portal.redirectUri, "https://evil.example/cb", "", c.portal.redirectUri + "?x=1"));
        }
        if (c.chance(0.4)) {
            form.put("code_verifier", c.pick(Junk.unreserved(c.random, 43), "short", Junk.unreserved(c.random, 129),
                    Junk.ascii(c.random, 50)));
        }
        if (c.chance(0.4)) {
            form.put("refresh_token", c.loot.pick(c.random, c.pick(Loot.Kind.REFRESH_TOKEN, Loot.Kind.ACCESS_TOKEN)));
        }
        if (c.chance(0.3)) {
            form.put("scope", c.pick("openid", "orders.read", "unknown", "", "openid profile email phone address"));
        }
        if (c.chance(0.3)) {
            form.put("client_id", c.pick(Portal.PKCE.id(), Portal.LEGACY.id(), Portal.CONFIDENTIAL.id(), "unknown", ""));
        }
        if (c.chance(0.2)) {
            form.put("client_secret", c.pick(Portal.CONFIDENTIAL.secret(), "wrong", ""));
        }
        if (c.chance(0.2)) {
            form.put(c.pick("username", "password", "assertion", "device_code", "resource", "audience"), Junk.alnum(c.random, 10));
        }
        RawRequest request = c.post(c.pick(Portal.TOKEN, Portal.REFRESH));
        if (c.chance(0.5)) {
            request.basic(Portal.CONFIDENTIAL.id(), c.chance(0.8) ? Portal.CONFIDENTIAL.secret() : "wrong");
        }
        c.send(request.form(Junk.form(form)));
    }

    /** Consent posts without a session, with a wrong or repeated CSRF token, cross-site, a bad decision. */
    static void consentForged(Case c) {
        Map<String, String> form = Forms.plausible(c, Portal.CONSENT);
        RawRequest request = c.post(Portal.CONSENT);
        switch (c.random.nextInt(5)) {
            case 0 -> { } // no session
            case 1 -> request.cookie(c.session.cookie()); // a session, a wrong token
            case 2 -> request.cookie(c.session.cookie()).header("Sec-Fetch-Site", "cross-site");
            case 3 -> form.put("nuid_decision", c.pick("maybe", "", "APPROVE", "approve\u0000"));
            default -> form.remove("nuid_csrf");
        }
        String body = Junk.form(form);
        if (c.chance(0.2)) {
            body += "&nuid_decision=deny&nuid_csrf=x";
        }
        c.send(request.form(body));
    }

    /** Revocation and introspection with random tokens, hints, and client authentication. */
    static void tokenOperations(Case c) {
        String path = c.pick(Portal.REVOKE, Portal.INTROSPECT);
        Map<String, String> form = new LinkedHashMap<>();
        if (c.chance(0.9)) {
            form.put("token", c.pick(c.loot.pick(c.random, Loot.Kind.ACCESS_TOKEN), c.loot.pick(c.random, Loot.Kind.REFRESH_TOKEN),
                    c.loot.pick(c.random, Loot.Kind.CODE), "", Junk.ascii(c.random, c.between(1, 500))));
        }
        if (c.chance(0.4)) {
            form.put("token_type_hint", c.pick("access_token", "refresh_token", "id_token", "garbage", ""));
        }
        RawRequest request = c.post(path);
        switch (c.random.nextInt(4)) {
            case 0 -> request.basic(Portal.CONFIDENTIAL.id(), Portal.CONFIDENTIAL.secret());
            case 1 -> form.put("client_id", c.pick(Portal.PKCE.id(), Portal.LEGACY.id()));
            case 2 -> request.basic(Portal.CONFIDENTIAL.id(), "wrong");
            default -> { } // no client authentication
        }
        c.send(request.form(Junk.form(form)));
    }

    /** Forms of separators, empty names, thousands of parameters, long names, NULs. */
    static void formGarbage(Case c) {
        String path = c.pick(Portal.POSTS);
        String body = switch (c.random.nextInt(8)) {
            case 0 -> c.pick("&&&", "=", "==", "a=b=c", "=x", "&=&", "%00=%00", "+=+", "a", "&a");
            case 1 -> "a=1&".repeat(c.between(1000, 12000));
            case 2 -> "grant_type=x&".repeat(c.between(100, 1000));
            case 3 -> Junk.alnum(c.random, c.between(1000, 60000)) + "=1";
            case 4 -> Junk.bytes(c.random, c.between(1, 2000));
            case 5 -> Forms.plausibleBody(c, path) + "&" + Junk.ascii(c.random, c.between(1, 200));
            case 6 -> Junk.encode(Junk.ascii(c.random, 50)) + "=" + Junk.encode(Junk.ascii(c.random, 50));
            default -> "";
        };
        c.send(Forms.credentials(c, c.post(path), path).form(body));
    }

    /** A well-formed authorize query for a random client (the base the generators change). */
    private static Map<String, String> authorizeQuery(Case c) {
        Portal.Client client = c.pick(Portal.CLIENTS);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.id());
        query.put("redirect_uri", c.portal.redirectUri);
        query.put("state", Junk.unreserved(c.random, 16));
        query.put("scope", client.scope());
        if (client.pkce()) {
            query.put("code_challenge", Session.s256(Junk.unreserved(c.random, 43)));
            query.put("code_challenge_method", "S256");
        }
        return query;
    }
}
