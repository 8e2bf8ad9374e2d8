package id.nu.oauth.bench.fuzz;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;

/**
 * One case of the run: its index (which, with the seed, fixes every random choice it makes), its
 * kind, and what it needs to send requests and record them. A scenario gets one and calls
 * {@link #send(RawRequest)}; every response is counted and checked by the {@link Recorder}.
 *
 * <pre>{@code
 * Response r = c.send(c.post(Portal.TOKEN).form("grant_type=client_credentials").basic(id, secret));
 * c.expect(r.status() == 200, r, "client_credentials");
 * }</pre>
 */
final class Case {

    final long index;
    final String kind;
    final Random random;
    final Portal portal;
    final Session session;
    final Loot loot;
    final ExecutorService raceThreads;
    private final Recorder recorder;
    private final RawHttp http;
    private final PrintStream trace;
    private final List<Map.Entry<Loot.Kind, String>> kept = new ArrayList<>();
    /** The id_token of this case's last token response, or {@code null}. */
    volatile String lastIdToken;

    Case(long index, String kind, Random random, Portal portal, Session session, Loot loot, ExecutorService raceThreads,
            Recorder recorder, RawHttp http, PrintStream trace) {
        this.index = index;
        this.kind = kind;
        this.random = random;
        this.portal = portal;
        this.session = session;
        this.loot = loot;
        this.raceThreads = raceThreads;
        this.recorder = recorder;
        this.http = http;
        this.trace = trace;
    }

    RawRequest get(String target) {
        return RawRequest.get(portal.host, target);
    }

    RawRequest post(String target) {
        return RawRequest.post(portal.host, target);
    }

    RawRequest request(String method, String target) {
        return RawRequest.of(method, portal.host, target);
    }

    /** Sends the request, records and checks the response; the first response. */
    Response send(RawRequest request) {
        Response first = sendAll(request).get(0);
        Keys.noteNonce(first.header("DPoP-Nonce"));
        // RFC 9449 §8: a valid proof refused for want of the server's nonce is made again with it once
        List<String> proofs = request.headerValues("DPoP");
        if ((first.status() == 400 || first.status() == 401) && proofs.size() == 1
                && ("use_dpop_nonce".equals(first.json("error"))
                        || String.valueOf(first.header("WWW-Authenticate")).contains("use_dpop_nonce"))) {
            String again = Keys.remadeWithNonce(proofs.get(0));
            if (again != null) {
                RawRequest retry = request.withoutHeader("DPoP").header("DPoP", again);
                String body = request.bodyText();
                String fresh = Keys.withNewAssertion(body);
                if (fresh != null && !fresh.equals(body)) {
                    retry.body(fresh); // a new assertion too: the refused request spent its jti
                }
                Response second = sendAll(retry).get(0);
                Keys.noteNonce(second.header("DPoP-Nonce"));
                return second;
            }
        }
        return first;
    }

    /** For pipelined requests: one response per request, a missing one recorded as closed. */
    List<Response> sendAll(RawRequest request) {
        long start = System.nanoTime();
        List<Response> answers = new ArrayList<>(http.exchange(request));
        long nanos = (System.nanoTime() - start) / Math.max(1, answers.size());
        while (answers.size() < Math.max(1, request.responses())) {
            answers.add(Response.none(Response.Outcome.CLOSED, "no response to pipelined request " + (answers.size() + 1)));
        }
        for (Response answer : answers) {
            recorder.record(kind, index, request, answer, nanos);
        }
        if (trace != null) {
            synchronized (trace) {
                trace.println("  > " + request.describe());
                for (Response answer : answers) {
                    trace.println("  < " + answer.describe(4000));
                }
            }
        }
        return answers;
    }

    /** Records a failed expectation of a valid flow or a protocol guarantee; returns {@code ok}. */
    boolean expect(boolean ok, RawRequest request, Response response, String what) {
        if (!ok) {
            recorder.fail(Recorder.Failure.EXPECTATION, kind, index, request,
                    what + ": got " + (response == null ? "nothing" : response.describe()));
        }
        return ok;
    }

    /** The error codes a JSON error answer may carry (RFC 6749 §5.2, RFC 6750 §3.1, RFC 9449, RFC 8707, RFC 9126/9101). */
    static final java.util.Set<String> ERROR_CODES = java.util.Set.of("invalid_request", "invalid_client",
            "invalid_grant", "unauthorized_client", "unsupported_grant_type", "unsupported_response_type",
            "invalid_scope", "access_denied", "invalid_target", "invalid_request_uri", "invalid_request_object",
            "unsupported_token_type", "invalid_token", "insufficient_scope", "not_found", "invalid_dpop_proof",
            "use_dpop_nonce", "login_required", "consent_required", "unmet_authentication_requirements");

    /**
     * A hostile request's answer must be an RFC error: one of {@code statuses}; a JSON body an error
     * object with a registered {@code error} code; a 401 with its {@code WWW-Authenticate} challenge
     * (RFC 6749 §5.2, RFC 6750 §3, RFC 9449 §7.1). A connection closed without an answer is counted
     * elsewhere, not here. Returns whether it held.
     */
    boolean expectRefused(RawRequest request, Response r, String what, int... statuses) {
        if (!r.isResponse()) {
            return true;
        }
        boolean statusOk = false;
        for (int s : statuses) {
            statusOk |= r.status() == s;
        }
        String body = r.text();
        String error = r.json("error");
        boolean json = body.startsWith("{");
        boolean ok = statusOk && (!json || r.status() < 400 || error != null && ERROR_CODES.contains(error))
                && (r.status() != 401 || r.header("WWW-Authenticate") != null);
        return expect(ok, request, r, what + ": an RFC error with status " + java.util.Arrays.toString(statuses));
    }

    /** A JSON error answer with exactly this status and error code. */
    boolean expectError(RawRequest request, Response r, int status, String error, String what) {
        return expect(r.status() == status && error.equals(r.json("error"))
                && (status != 401 || r.header("WWW-Authenticate") != null), request, r,
                what + ": " + status + " " + error);
    }

    /**
     * Keeps a code or token for the hostile cases to replay, once this case is over: a replay while
     * the flow still uses it (an old code at the token endpoint revokes its grant) would break the
     * flow for a reason of the runner's making.
     */
    synchronized void keep(Loot.Kind what, String value) {
        if (value != null) {
            kept.add(Map.entry(what, value));
        }
    }

    /** Hands what the case kept to the loot; the runner calls it when the case is over. */
    synchronized void release() {
        kept.forEach(e -> loot.add(e.getKey(), e.getValue()));
        kept.clear();
    }

    /** Client authentication as each client type does it: HTTP Basic, or its client_id in the form. */
    RawRequest authenticate(RawRequest request, Portal.Client client, Map<String, String> form) {
        if (client.confidential()) {
            request.basic(client.id(), client.secret());
        } else {
            form.put("client_id", client.id());
        }
        return request;
    }

    // ---- random choices -------------------------------------------------------------------------

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** An int in [lo, hi]. */
    int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }
}
