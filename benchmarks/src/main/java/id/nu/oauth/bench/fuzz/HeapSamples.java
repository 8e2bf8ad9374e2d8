package id.nu.oauth.bench.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server's used heap after a full GC, sampled before, during and after the traffic, and
 * whether it stayed flat.
 *
 * <p>The first sample (idle, before any traffic, after the sign-ins) and the last (idle again, after
 * the traffic) are compared; the samples under load also count in-flight requests and are shown for
 * information. The store keeps what the run legitimately creates: each token response leaves a
 * grant and its tokens (about 0.9 KiB, see MemoryPerGrant) until they expire (refresh tokens after
 * 30 days, so for the whole run), and the codes of the last minute and the sessions stay too. So
 * "flat" means: the last sample is within {@link #BASE_ALLOWANCE_KIB} (warmed-up pools and caches)
 * plus {@link #BYTES_PER_ISSUED} per token response of the first (a 20,000-request run measured about
 * 1.25 KiB per token response, everything included). A leak of 200 bytes per request would exceed
 * that in a 100,000-request run.
 */
final class HeapSamples {

    static final long BASE_ALLOWANCE_KIB = 8 * 1024;
    static final long BYTES_PER_ISSUED = 1536;

    /** One sample: seconds since the traffic started, requests sent, token responses, used heap. */
    record Sample(double seconds, long requests, long issued, long usedKiB) {
    }

    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(Sample s) {
        if (s.usedKiB() >= 0) {
            samples.add(s);
        }
    }

    synchronized boolean flat() {
        return samples.size() < 2 || last().usedKiB() <= samples.get(0).usedKiB() + allowance();
    }

    private Sample last() {
        return samples.get(samples.size() - 1);
    }

    private long allowance() {
        return BASE_ALLOWANCE_KIB + BYTES_PER_ISSUED * Math.max(0, last().issued() - samples.get(0).issued()) / 1024;
    }

    synchronized String describe() {
        if (samples.isEmpty()) {
            return "no heap samples (jcmd not available?)";
        }
        StringBuilder out = new StringBuilder("used heap after full GC (MiB) at [s, requests]:");
        for (Sample s : samples) {
            out.append(String.format(Locale.ROOT, " %.1f [%.0f, %d]", s.usedKiB() / 1024.0, s.seconds(), s.requests()));
        }
        long max = samples.stream().mapToLong(Sample::usedKiB).max().orElse(0);
        Sample first = samples.get(0);
        out.append(String.format(Locale.ROOT,
                "%n  first %.1f MiB (idle, before), last %.1f (idle, after), max %.1f (under load); growth %+.1f MiB"
                        + " with %d token responses (allowance %.1f MiB = %d MiB + %.1f KiB each): %s",
                first.usedKiB() / 1024.0, last().usedKiB() / 1024.0, max / 1024.0,
                (last().usedKiB() - first.usedKiB()) / 1024.0, last().issued() - first.issued(), allowance() / 1024.0,
                BASE_ALLOWANCE_KIB / 1024, BYTES_PER_ISSUED / 1024.0, flat() ? "FLAT" : "NOT FLAT"));
        return out.toString();
    }
}
