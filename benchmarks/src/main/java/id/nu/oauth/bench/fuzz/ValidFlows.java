package id.nu.oauth.bench.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The well-behaved traffic, each step checked against what the protocol promises: the code flow
 * through the login session and the consent page, refresh, userinfo, introspection and revocation;
 * client_credentials; the public documents; and the replays and races the server must survive
 * (a code redeemed twice or by several threads at once, a rotated refresh token used again).
 */
final class ValidFlows {

    /** The tokens of one token response. */
    record Tokens(String access, String refresh) {
    }

    private ValidFlows() {
    }

    /** Code flow, then userinfo, maybe introspection, a refresh and a revocation. */
    static void codeFlow(Case c) {
        Portal.Client client = c.pick(Portal.CLIENTS);
        Session.Code code = c.session.authorize(c, client);
        if (code == null) {
            return;
        }
        Tokens tokens = exchange(c, client, code, true);
        if (tokens == null) {
            return;
        }
        RawRequest userinfo = c.get(Portal.USERINFO).bearer(tokens.access());
        Response claims = c.send(userinfo);
        c.expect(claims.status() == 200 && claims.json("sub") != null, userinfo, claims, "userinfo with a fresh token");
        if (c.chance(0.3)) {
            expectActive(c, tokens.access(), true, "a fresh access token");
        }
        Tokens refreshed = refresh(c, client, tokens.refresh(), c.pick(Portal.REFRESH, Portal.TOKEN), true);
        String refreshToken = refreshed != null && refreshed.refresh() != null ? refreshed.refresh() : tokens.refresh();
        revoke(c, client, refreshToken, "refresh_token");
        if (refreshed != null && c.chance(0.3)) {
            // revoking a refresh token revokes its grant, the access tokens included (RFC 7009 §2.1)
            expectActive(c, refreshed.access(), false, "an access token after its refresh token was revoked");
        }
    }

    /** client_credentials, introspection, sometimes a revocation and introspection again. */
    static void clientCredentials(Case c) {
        Portal.Client client = Portal.CONFIDENTIAL;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (c.chance(0.5)) {
            form.put("scope", Portal.API_SCOPE);
        }
        RawRequest request = c.post(Portal.TOKEN);
        if (c.chance(0.7)) {
            request.basic(client.id(), client.secret());
        } else { // client_secret_post
            form.put("client_id", client.id());
            form.put("client_secret", client.secret());
        }
        Response answer = c.send(request.form(Junk.form(form)));
        String access = answer.json("access_token");
        if (!c.expect(answer.status() == 200 && access != null, request, answer, "client_credentials")) {
            return;
        }
        c.keep(Loot.Kind.ACCESS_TOKEN, access);
        expectActive(c, access, true, "a fresh client_credentials token");
        if (c.chance(0.5)) {
            revoke(c, client, access, c.pick("access_token", null));
            expectActive(c, access, false, "a revoked access token");
        }
    }

    /** GET or HEAD of JWKS and the metadata documents. */
    static void documents(Case c) {
        String path = c.pick(Portal.DOCUMENTS);
        boolean head = c.chance(0.2);
        RawRequest request = c.request(head ? "HEAD" : "GET", path);
        Response answer = c.send(request);
        c.expect(answer.status() == 200 && (head || answer.text().startsWith("{")), request, answer,
                "the public document " + path);
    }

    /** A code redeemed twice: the second is refused and revokes what the first issued (RFC 6749 §4.1.2). */
    static void replayCode(Case c) {
        Portal.Client client = c.pick(Portal.CLIENTS);
        Session.Code code = c.session.authorize(c, client);
        Tokens first = code == null ? null : exchange(c, client, code, true);
        if (first == null) {
            return;
        }
        RawRequest again = exchangeRequest(c, client, code);
        Response replay = c.send(again);
        c.expect(replay.status() == 400 && "invalid_grant".equals(replay.json("error")), again, replay,
                "a code redeemed a second time: invalid_grant");
        expectActive(c, first.access(), false, "the access token of a replayed code");
    }

    /** A rotating client's old refresh token used again: refused, and the grant is revoked (RFC 9700 §4.14.2). */
    static void replayRefresh(Case c) {
        Portal.Client client = c.pick(Portal.CLIENTS);
        Session.Code code = c.session.authorize(c, client);
        Tokens first = code == null ? null : exchange(c, client, code, true);
        if (first == null) {
            return;
        }
        Tokens second = refresh(c, client, first.refresh(), Portal.REFRESH, true);
        if (second == null) {
            return;
        }
        if (client.rotates()) {
            refresh(c, client, first.refresh(), Portal.REFRESH, false); // reuse of a rotated token
            refresh(c, client, second.refresh(), Portal.REFRESH, false); // so the whole grant is gone
            expectActive(c, second.access(), false, "an access token of a grant whose refresh token was reused");
        } else {
            refresh(c, client, first.refresh(), Portal.REFRESH, true); // a kept token stays valid
            revoke(c, client, first.refresh(), "refresh_token");
        }
    }

    /** Several threads redeem one code at once: exactly one wins, and afterwards nothing of it is active. */
    static void raceCode(Case c) {
        Portal.Client client = c.pick(Portal.CLIENTS);
        Session.Code code = c.session.authorize(c, client);
        if (code == null) {
            return;
        }
        List<Response> answers = race(c, c.between(2, 6), () -> exchangeRequest(c, client, code));
        long winners = answers.stream().filter(r -> r.status() == 200).count();
        long refused = answers.stream().filter(r -> r.status() == 400).count();
        RawRequest sample = exchangeRequest(c, client, code);
        c.expect(winners == 1 && refused == answers.size() - 1, sample, null,
                answers.size() + " concurrent redemptions of one code: exactly one 200, the rest 400 (got " + winners
                        + " x 200, " + refused + " x 400)");
        for (Response r : answers) {
            if (r.status() == 200) {
                expectActive(c, r.json("access_token"), false, "the winner's token after the losers' replays");
            }
        }
    }

    /** Several threads use one rotating refresh token at once: at most one wins. */
    static void raceRefresh(Case c) {
        Portal.Client client = Portal.PKCE;
        Session.Code code = c.session.authorize(c, client);
        Tokens tokens = code == null ? null : exchange(c, client, code, true);
        if (tokens == null) {
            return;
        }
        List<Response> answers = race(c, c.between(2, 6), () -> refreshRequest(c, client, tokens.refresh(), Portal.REFRESH));
        long winners = answers.stream().filter(r -> r.status() == 200).count();
        c.expect(winners == 1 && answers.stream().allMatch(r -> r.status() == 200 || r.status() == 400),
                refreshRequest(c, client, tokens.refresh(), Portal.REFRESH), null, answers.size()
                        + " concurrent refreshes with one rotating token: exactly one 200 (got " + winners + ")");
    }

    // ---- steps ----------------------------------------------------------------------------------

    static RawRequest exchangeRequest(Case c, Portal.Client client, Session.Code code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code.code());
        form.put("redirect_uri", c.portal.redirectUri);
        if (code.verifier() != null) {
            form.put("code_verifier", code.verifier());
        }
        RawRequest request = c.authenticate(c.post(Portal.TOKEN), client, form);
        return request.form(Junk.form(form));
    }

    static Tokens exchange(Case c, Portal.Client client, Session.Code code, boolean expectOk) {
        RawRequest request = exchangeRequest(c, client, code);
        Response answer = c.send(request);
        c.keep(Loot.Kind.CODE, code.code());
        return tokens(c, request, answer, expectOk, "code exchange for " + client.id());
    }

    static RawRequest refreshRequest(Case c, Portal.Client client, String refreshToken, String endpoint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        RawRequest request = c.authenticate(c.post(endpoint), client, form);
        return request.form(Junk.form(form));
    }

    /** A refresh that must succeed ({@code expectOk}) or be refused with invalid_grant. */
    static Tokens refresh(Case c, Portal.Client client, String refreshToken, String endpoint, boolean expectOk) {
        RawRequest request = refreshRequest(c, client, refreshToken, endpoint);
        Response answer = c.send(request);
        return tokens(c, request, answer, expectOk, "refresh at " + endpoint + " for " + client.id());
    }

    static Tokens tokens(Case c, RawRequest request, Response answer, boolean expectOk, String what) {
        if (!expectOk) {
            c.expect(answer.status() == 400 && "invalid_grant".equals(answer.json("error")), request, answer,
                    what + " with a used token: invalid_grant");
            return null;
        }
        String access = answer.json("access_token");
        if (!c.expect(answer.status() == 200 && access != null, request, answer, what)) {
            return null;
        }
        String refresh = answer.json("refresh_token");
        c.keep("DPoP".equals(answer.json("token_type")) ? Loot.Kind.DPOP_ACCESS_TOKEN : Loot.Kind.ACCESS_TOKEN, access);
        c.lastIdToken = answer.json("id_token");
        c.keep(Loot.Kind.ID_TOKEN, c.lastIdToken);
        if (c.session != null) {
            c.session.issued(c.lastIdToken);
        }
        c.keep(Loot.Kind.REFRESH_TOKEN, refresh);
        return new Tokens(access, refresh);
    }

    static void revoke(Case c, Portal.Client client, String token, String hint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        if (hint != null) {
            form.put("token_type_hint", hint);
        }
        RawRequest request = c.authenticate(c.post(Portal.REVOKE), client, form).form(Junk.form(form));
        Response answer = c.send(request);
        c.expect(answer.status() == 200, request, answer, "revocation (RFC 7009)");
    }

    static void expectActive(Case c, String token, boolean active, String what) {
        RawRequest request = c.post(Portal.INTROSPECT).basic(Portal.RESOURCE_SERVER.id(), Portal.RESOURCE_SERVER.secret())
                .form(Junk.form(Map.of("token", String.valueOf(token))));
        Response answer = c.send(request);
        c.expect(answer.status() == 200 && Boolean.valueOf(active).equals(answer.jsonBoolean("active")), request, answer,
                "introspection of " + what + ": active " + active);
    }

    /** Sends {@code n} requests made by {@code make} from {@code n} threads released at once. */
    private static List<Response> race(Case c, int n, java.util.function.Supplier<RawRequest> make) {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawRequest request = make.get();
            futures.add(c.raceThreads.submit(() -> {
                ready.countDown();
                go.await();
                return c.send(request);
            }));
        }
        List<Response> answers = new ArrayList<>();
        try {
            ready.await();
            go.countDown();
            for (Future<Response> f : futures) {
                answers.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return answers;
    }
}
