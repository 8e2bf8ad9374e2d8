package id.nu.oauth.bench.fuzz;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's sign-in at the portal, one per worker: the session cookie after the login form, and
 * the front-channel half of the code flow (authorize, the consent page if shown, the redirect with
 * the code). Signing in costs the server a PBKDF2 hash, so a worker signs in once and keeps it.
 */
final class Session {

    /** A code from the redirect, with the PKCE verifier that goes with it. */
    record Code(String code, String verifier) {
    }

    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    private final Portal portal;
    private volatile String cookie;
    /** The id_tokens this session's code flows were given (the newest 256): a logout hint of its own. */
    private final java.util.Set<String> ownIdTokens = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 256;
                }
            }));

    Session(Portal portal) {
        this.portal = portal;
    }

    /** {@code NAME=value} for a Cookie header, or {@code null} before the sign-in. */
    String cookie() {
        return cookie;
    }

    /** Remembers an id_token issued from one of this session's authorizations. */
    void issued(String idToken) {
        if (idToken != null) {
            ownIdTokens.add(idToken);
        }
    }

    /**
     * Whether {@code idToken} was issued to this session: as a logout's {@code id_token_hint} it may
     * end the session without asking (RP-Initiated Logout 1.0 §2), so it is no attack on the session.
     */
    boolean issuedHere(String idToken) {
        return idToken != null && ownIdTokens.contains(idToken);
    }

    /** The login form with its CSRF token, then the POST; keeps the new session cookie. */
    boolean login(Case c) {
        RawRequest form = c.get("/login");
        Response page = c.send(form);
        String first = sessionCookie(page);
        String csrf = hidden(page.text()).get("csrf");
        if (!c.expect(page.status() == 200 && first != null && csrf != null, form, page, "GET /login: a form and a session")) {
            return false;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", csrf);
        fields.put("username", Portal.USERNAME);
        fields.put("password", Portal.PASSWORD);
        fields.put("return", "/");
        RawRequest post = c.post("/login").cookie(first).form(Junk.form(fields));
        Response done = c.send(post);
        if (!c.expect(done.status() == 303, post, done, "POST /login with the right password: 303")) {
            return false;
        }
        String next = sessionCookie(done);
        cookie = next != null ? next : first;
        return true;
    }

    /**
     * Authorize with this session; approves the consent page if it comes; checks the redirect's
     * {@code state} and {@code iss} (RFC 9207). Returns the code, or {@code null} (already recorded).
     */
    Code authorize(Case c, Portal.Client client) {
        String state = Junk.unreserved(c.random, 22);
        String verifier = client.pkce() ? Junk.unreserved(c.random, 43 + c.random.nextInt(86)) : null;
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.id());
        query.put("redirect_uri", portal.redirectUri);
        query.put("state", state);
        query.put("scope", client.scope());
        if (verifier != null) {
            query.put("code_challenge", s256(verifier));
            query.put("code_challenge_method", "S256");
            query.put("nonce", Junk.unreserved(c.random, 22));
        }
        String code = follow(c, query, state, portal.redirectUri, client.id());
        return code == null ? null : new Code(code, verifier);
    }

    /**
     * Sends the user to authorize with {@code query} (signing in again if the session ended),
     * approves the consent page if it comes, and checks the redirect to {@code redirectUri}: its
     * {@code state} (when one was sent) and {@code iss} (RFC 9207). Returns the code, or {@code null}
     * (already recorded).
     */
    String follow(Case c, Map<String, String> query, String state, String redirectUri, String clientId) {
        RawRequest request = c.get(Portal.AUTHORIZE + "?" + Junk.form(query));
        Response answer = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            answer = c.send(RawRequest.get(portal.host, request.target()).cookie(cookie));
            String location = answer.header("Location");
            if (answer.status() == 302 && location != null && location.startsWith("/login") && attempt == 0) {
                if (!login(c)) {
                    return null;
                }
                continue;
            }
            break;
        }
        if (answer.status() == 200 && answer.text().contains("action=\"" + Portal.CONSENT + "\"")) {
            Map<String, String> fields = hidden(answer.text());
            fields.put("nuid_decision", "approve");
            request = c.post(Portal.CONSENT).cookie(cookie).form(Junk.form(fields));
            answer = c.send(request);
        }
        String location = answer.header("Location");
        if (!c.expect((answer.status() == 302 || answer.status() == 303) && location != null
                && location.startsWith(redirectUri + "?"), request, answer, "authorize for " + clientId
                        + ": a redirect to the client")) {
            return null;
        }
        Map<String, String> params = query(location.substring(location.indexOf('?') + 1));
        if (state != null) {
            c.expect(state.equals(params.get("state")), request, answer, "the redirect's state is the one sent");
        }
        c.expect(portal.issuer.equals(params.get("iss")), request, answer, "the redirect's iss is the issuer (RFC 9207)");
        if (!c.expect(params.get("code") != null, request, answer, "a code in the redirect")) {
            return null;
        }
        return params.get("code");
    }

    /** The session cookie a response sets, as {@code NAME=value}, or {@code null}. */
    String sessionCookie(Response response) {
        for (String setCookie : response.headers("Set-Cookie")) {
            if (setCookie.startsWith(portal.sessionCookie + "=")) {
                int end = setCookie.indexOf(';');
                return end < 0 ? setCookie : setCookie.substring(0, end);
            }
        }
        return null;
    }

    /** The hidden fields of a page's forms, unescaped. */
    static Map<String, String> hidden(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return fields;
    }

    static Map<String, String> query(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return params;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Junk.base64Url(new String(digest, StandardCharsets.ISO_8859_1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
