package id.nu.oauth.bench.engine;

import id.nu.oauth.client.RefreshPolicy;
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
 * One full code flow per operation, in-process, in-memory store: GET /oauth/authorize for a
 * logged-in user of a first-party client (no consent step), then POST /oauth/token with the code
 * and the PKCE verifier. Target: at most 10 µs for opaque tokens.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CodeFlow -f 1 -wi 3 -i 5 -w 1s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodeFlowBenchmark {

    @Param({"OPAQUE", "JWT_RS256", "JWT_ES256", "ID_TOKEN_RS256", "ID_TOKEN_ES256"})
    public Engines.Variant variant;

    private Engines engines;

    @Setup
    public void setUp() {
        engines = new Engines(variant, RefreshPolicy.ROTATE, Engines.Lifetimes.SHORT);
    }

    /** Authorize and exchange: the code flow as one operation. */
    @Benchmark
    public String authorizeAndExchange() {
        return engines.flow();
    }

    /** Authorize alone (makes and stores a code), to split the flow's cost. */
    @Benchmark
    public String authorize() {
        return engines.authorize();
    }
}
