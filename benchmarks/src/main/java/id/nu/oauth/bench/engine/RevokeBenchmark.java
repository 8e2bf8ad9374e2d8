package id.nu.oauth.bench.engine;

import id.nu.oauth.core.EndpointResponse;
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
 * POST /oauth/revoke with {@code token} alone, in-process, in-memory store of 200,000 live grants.
 * {@code ACCESS}: revokes one access token; {@code REFRESH}: revokes a refresh token and with it
 * its grant (RFC 7009 §2.1). The tokens are taken in turn; once all were revoked the next round
 * revokes them again, which makes the same lookup and write (for a grant already revoked the write
 * is skipped, so the REFRESH figure is slightly optimistic after the first round).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Revoke -f 1 -wi 3 -i 5 -w 1s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RevokeBenchmark {

    private static final int GRANTS = 200_000;

    @Param({"ACCESS", "REFRESH"})
    public String kind;

    private Engines engines;
    private Population population;
    private int next;

    @Setup
    public void setUp() {
        engines = new Engines(Engines.Variant.OPAQUE, RefreshPolicy.ROTATE, Engines.Lifetimes.DEFAULTS);
        population = Population.fill(engines.server().storage(), GRANTS, Instant.now());
    }

    @Benchmark
    public EndpointResponse revoke() {
        int i = next;
        next = i + 1 == GRANTS ? 0 : i + 1;
        return engines.revoke(kind.equals("ACCESS") ? population.access(i) : population.refresh(i));
    }
}
