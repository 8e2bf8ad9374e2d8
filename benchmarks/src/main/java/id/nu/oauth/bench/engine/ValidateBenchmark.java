package id.nu.oauth.bench.engine;

import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.client.RefreshPolicy;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * In-process access-token validation ({@code AuthorizationServer.validateAccessToken}), in-memory
 * store holding {@code liveGrants} live grants (each with an access and a refresh token). Target:
 * at most 1 µs, and the same at 1,000 and 1,000,000 live grants.
 *
 * <ul>
 * <li>{@code sameToken}: one opaque token issued by a real code flow, presented again and again
 *     (its entry stays in the CPU caches);</li>
 * <li>{@code jwtSameToken}: the same with an RS256 JWT access token (the hash covers ~750 characters);</li>
 * <li>{@code anyToken}: a different live token each time, picked at random among all of them
 *     (at 1,000,000 grants most lookups miss the CPU caches, as in production).</li>
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Validate -f 1 -wi 3 -i 5 -w 1s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ValidateBenchmark {

    @Param({"1000", "1000000"})
    public int liveGrants;

    private Engines opaque;
    private Engines jwt;
    private String opaqueToken;
    private String jwtToken;
    private Population population;
    private int next = 1;

    @Setup
    public void setUp() {
        opaque = new Engines(Engines.Variant.OPAQUE, RefreshPolicy.ROTATE, Engines.Lifetimes.DEFAULTS);
        population = Population.fill(opaque.server().storage(), liveGrants, Instant.now());
        opaqueToken = Engines.json(opaque.flow(), "access_token");
        jwt = new Engines(Engines.Variant.JWT_RS256, RefreshPolicy.ROTATE, Engines.Lifetimes.DEFAULTS);
        Population.fill(jwt.server().storage(), liveGrants, Instant.now());
        jwtToken = Engines.json(jwt.flow(), "access_token");
        check(opaque.server().validateAccessToken(opaqueToken));
        check(jwt.server().validateAccessToken(jwtToken));
        check(opaque.server().validateAccessToken(population.access(liveGrants - 1)));
    }

    @Benchmark
    public AccessTokenValidation sameToken() {
        return opaque.server().validateAccessToken(opaqueToken);
    }

    @Benchmark
    public AccessTokenValidation jwtSameToken() {
        return jwt.server().validateAccessToken(jwtToken);
    }

    @Benchmark
    public AccessTokenValidation anyToken() {
        // xorshift: a cheap, cache-friendly pseudo-random index that the JIT cannot predict away
        int x = next;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        next = x;
        return opaque.server().validateAccessToken(population.access((x & 0x7fffffff) % liveGrants));
    }

    private static void check(AccessTokenValidation validation) {
        if (!(validation instanceof AccessTokenValidation.Active)) {
            throw new IllegalStateException("the token should be active");
        }
    }
}
