package id.nu.oauth.bench.engine;

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
 * JWT signing and verification per algorithm (issue 14 item 5), see {@link Signing}: {@code issue}
 * is a client_credentials request whose access token the engine signs (OPAQUE: no signature, the
 * rest of the request); {@code verify} checks one such token's signature with the published key.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Signing -f 1 -wi 3 -i 5 -w 1s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SigningBenchmark {

    @Param({"OPAQUE", "RS256", "PS256", "ES256", "EdDSA"})
    public Signing.Kind kind;

    private Signing signing;

    @Setup
    public void setUp() {
        signing = new Signing(kind);
    }

    @Benchmark
    public String issue() {
        return signing.issue();
    }

    @Benchmark
    public boolean verify() {
        return signing.verify();
    }
}
