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
 * One refresh per operation (POST /oauth/token, grant_type=refresh_token), in-process, in-memory
 * store. ROTATE: each refresh returns a new refresh token, which the next operation uses (reuse
 * detection stays armed); KEEP: the same refresh token every time, its idle expiry pushed on.
 * Target: at most 5 µs for opaque tokens.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Refresh -f 1 -wi 3 -i 5 -w 1s -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RefreshBenchmark {

    @Param({"ROTATE", "KEEP"})
    public RefreshPolicy policy;

    @Param({"OPAQUE", "JWT_RS256", "JWT_ES256", "ID_TOKEN_RS256", "ID_TOKEN_ES256"})
    public Engines.Variant variant;

    private Engines engines;
    private String refreshToken;

    @Setup
    public void setUp() {
        engines = new Engines(variant, policy, Engines.Lifetimes.LONG_GRANT);
        refreshToken = Engines.json(engines.flow(), "refresh_token");
    }

    @Benchmark
    public String refresh() {
        String body = engines.refresh(refreshToken).body();
        if (policy == RefreshPolicy.ROTATE) {
            refreshToken = Engines.json(body, "refresh_token");
        }
        return body;
    }
}
