package id.nu.oauth.bench.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The kinds of case and their weights: roughly one case in five is a valid flow (each several
 * requests, so about two requests in five are valid traffic), the rest hostile.
 * {@link #pick(Random)} draws a kind with the case's own random source, so the seed and the index
 * fix the kind as well as everything the case does.
 */
final class Mix {

    /** What a case of one kind does. */
    @FunctionalInterface
    interface Scenario {
        void run(Case c);
    }

    /** A kind of case: its name in the report, its weight in the draw, and what it does. */
    record Kind(String name, int weight, Scenario scenario) {
    }

    static final List<Kind> ALL = List.of(
            new Kind("valid.code-flow", 60, ValidFlows::codeFlow),
            new Kind("valid.client-credentials", 40, ValidFlows::clientCredentials),
            new Kind("valid.documents", 30, ValidFlows::documents),
            new Kind("replay.code", 10, ValidFlows::replayCode),
            new Kind("replay.refresh-token", 10, ValidFlows::replayRefresh),
            new Kind("race.code", 3, ValidFlows::raceCode),
            new Kind("race.refresh-token", 3, ValidFlows::raceRefresh),

            new Kind("body.short", 25, FramingAttacks::shortBody),
            new Kind("body.chunked-malformed", 30, FramingAttacks::chunked),
            new Kind("body.oversized", 15, FramingAttacks::oversized),
            new Kind("head.huge-headers", 15, FramingAttacks::hugeHeaders),
            new Kind("head.long-url", 15, FramingAttacks::longUrl),
            new Kind("head.bad-host", 20, FramingAttacks::badHost),
            new Kind("head.bad-version", 20, FramingAttacks::badVersion),
            new Kind("head.garbage-lines", 20, FramingAttacks::headerGarbage),
            new Kind("head.methods", 25, FramingAttacks::methods),
            new Kind("head.paths", 25, FramingAttacks::paths),
            new Kind("head.expect", 10, FramingAttacks::expect),
            new Kind("head.pipelined", 10, FramingAttacks::pipelined),

            new Kind("form.charset", 30, ParameterAttacks::charset),
            new Kind("form.content-type", 30, ParameterAttacks::contentType),
            new Kind("form.garbage", 20, ParameterAttacks::formGarbage),
            new Kind("param.repeated-authorization", 20, ParameterAttacks::repeatedAuthorization),
            new Kind("param.repeated", 25, ParameterAttacks::repeatedParameter),
            new Kind("param.credentials-in-query", 20, ParameterAttacks::credentialsInQuery),
            new Kind("param.percent-encoding", 25, ParameterAttacks::percentEncoding),
            new Kind("param.invalid-utf8", 25, ParameterAttacks::invalidUtf8),
            new Kind("param.state", 25, ParameterAttacks::state),
            new Kind("param.authorize", 30, ParameterAttacks::authorizeParameters),
            new Kind("param.grant", 30, ParameterAttacks::grantParameters),
            new Kind("auth.bearer", 30, ParameterAttacks::bearer),
            new Kind("auth.basic", 20, ParameterAttacks::basic),
            new Kind("auth.consent-forged", 15, ParameterAttacks::consentForged),
            new Kind("auth.revoke-introspect", 25, ParameterAttacks::tokenOperations),

            // the endpoints and parameters added since the first runs: keys, DPoP, PAR, JAR, logout
            new Kind("valid.keyed", 25, KeyFlows::keyedClientCredentials),
            new Kind("valid.par-flow", 30, KeyFlows::parFlow),
            new Kind("valid.logout", 3, KeyFlows::logout),
            new Kind("replay.request-uri", 6, KeyFlows::replayRequestUri),
            new Kind("replay.dpop-proof", 6, KeyFlows::replayDpopProof),
            new Kind("replay.assertion", 6, KeyFlows::replayAssertion),
            new Kind("dpop.proof", 50, KeyAttacks::dpopProof),
            new Kind("assertion.private-key-jwt", 40, KeyAttacks::assertion),
            new Kind("jar.request-object", 30, KeyAttacks::requestObject),
            new Kind("par.push", 30, KeyAttacks::par),
            new Kind("param.resource", 15, RequestAttacks::resource),
            new Kind("param.claims", 20, RequestAttacks::claims),
            new Kind("param.acr-response-mode", 15, RequestAttacks::acrAndResponseMode),
            new Kind("logout.rp-initiated", 30, RequestAttacks::logout),
            new Kind("auth.connected-apps", 15, RequestAttacks::connectedApps),
            new Kind("head.metrics", 10, RequestAttacks::metrics));

    private final List<Kind> kinds;
    private final int total;

    /** The kinds whose names start with one of {@code prefixes} (all of them for an empty list). */
    Mix(List<String> prefixes) {
        List<Kind> chosen = new ArrayList<>();
        for (Kind k : ALL) {
            if (prefixes.isEmpty() || prefixes.stream().anyMatch(p -> k.name().startsWith(p))) {
                chosen.add(k);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no kind starts with " + prefixes);
        }
        this.kinds = List.copyOf(chosen);
        this.total = chosen.stream().mapToInt(Kind::weight).sum();
    }

    Kind pick(Random random) {
        int n = random.nextInt(total);
        for (Kind k : kinds) {
            n -= k.weight();
            if (n < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    /** The random source of case {@code index}: a SplitMix64 step of seed and index. */
    static Random random(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }
}
