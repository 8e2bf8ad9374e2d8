package id.nu.oauth.bench.http;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The top frames of a JFR recording (what {@code LoadDriver --profile DIR} writes per phase): CPU
 * samples ({@code jdk.ExecutionSample}) by the frame they were in (self) and by every method on their
 * stack (inclusive), by component (the package the sample's first non-JDK frame is in), and
 * allocation samples ({@code jdk.ObjectAllocationSample}, by weight) by the first frame outside
 * {@code java.}/{@code jdk.}/{@code sun.} (the code that asked for the memory). A third argument
 * keeps only the inclusive frames whose class and method name start with it (e.g. {@code id.nu}); a
 * fourth names a method ({@code class.method}) whose samples are split by the method it called.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.http.JfrTop target/jfr/exchange.jfr [top] [prefix]
 * </pre>
 */
public final class JfrTop {

    private JfrTop() {
    }

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String only = args.length > 2 ? args[2] : null; // inclusive frames: only those starting so
        String parent = args.length > 3 ? args[3] : null; // and what this method's samples were in, one call down
        Map<String, Long> callees = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> component = new HashMap<>();
        Map<String, Long> allocation = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                self.merge(name(frames.get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if ((only == null || n.startsWith(only)) && seen.add(n)) {
                        inclusive.merge(n, 1L, Long::sum);
                    }
                }
                component.merge(component(frames), 1L, Long::sum);
                for (int i = 0; parent != null && i < frames.size(); i++) { // the innermost call
                    if (name(frames.get(i)).equals(parent)) {
                        callees.merge(i == 0 ? "(self)" : name(frames.get(i - 1)), 1L, Long::sum);
                        break;
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = e.getLong("weight");
                allocated += weight;
                String site = null;
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (!n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.")) {
                        site = n;
                        break;
                    }
                }
                String what = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
                allocation.merge((site == null ? name(frames.get(0)) : site) + "  [" + what + "]", weight, Long::sum);
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d CPU samples, %.1f MiB sampled allocation%n", args[0], samples,
                allocated / 1048576.0);
        print("CPU by component (first non-JDK frame on the stack)", component, samples, top);
        print("CPU, self (top frame)", self, samples, top);
        print("CPU, inclusive (on the stack)", inclusive, samples, top + 15);
        if (parent != null) {
            print("CPU under " + parent + ", by the method it called", callees, samples, top);
        }
        print("allocation by site (first non-JDK frame) and class", allocation, allocated, top);
    }

    private static void print(String title, Map<String, Long> counts, long total, int top) {
        System.out.println("  " + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / total,
                        e.getKey()));
    }

    private static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    /** Which code the sample was in, named by the package of its first non-JDK frame from the top. */
    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (n.startsWith("id.nu.oauth.core")) {
                return "nuid-oauth core";
            } else if (n.startsWith("id.nu.oauth.storage")) {
                return "nuid-oauth storage";
            } else if (n.startsWith("id.nu.oauth.servlet")) {
                return "nuid-oauth servlet adapter";
            } else if (n.startsWith("id.nu.oauth.bench")) {
                return "bench server (login, hello, resource)";
            } else if (n.startsWith("com.nimbusds")) {
                return "Nimbus";
            } else if (n.startsWith("org.eclipse.jetty")) {
                return "Jetty";
            } else if (n.startsWith("org.slf4j")) {
                return "slf4j";
            }
        }
        return "JDK only (GC, JIT, I/O, threads)";
    }
}
