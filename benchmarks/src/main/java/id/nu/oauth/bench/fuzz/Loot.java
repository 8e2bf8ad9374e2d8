package id.nu.oauth.bench.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Codes and tokens the valid flows obtained (used, rotated, revoked or still live), handed over when
 * the flow that got them is done ({@link Case#keep}), so the hostile requests can replay them: an old
 * code at the token endpoint, a revoked access token at userinfo, a refresh token where an access
 * token belongs. A small ring per kind, shared by the workers; what a replay finds in it depends on
 * timing, so a replayed case may get other values.
 */
final class Loot {

    enum Kind { CODE, ACCESS_TOKEN, REFRESH_TOKEN, ID_TOKEN, DPOP_ACCESS_TOKEN, REQUEST_URI, ASSERTION, DPOP_PROOF }

    private static final int SIZE = 256;
    private final List<AtomicReferenceArray<String>> rings = new ArrayList<>();
    private final List<AtomicLong> next = new ArrayList<>();

    Loot() {
        for (int i = 0; i < Kind.values().length; i++) {
            rings.add(new AtomicReferenceArray<>(SIZE));
            next.add(new AtomicLong());
        }
    }

    void add(Kind kind, String value) {
        if (value != null) {
            rings.get(kind.ordinal()).set((int) (next.get(kind.ordinal()).getAndIncrement() % SIZE), value);
        }
    }

    /** One of the kept values, or a random look-alike when there is none yet. */
    String pick(Random r, Kind kind) {
        String value = rings.get(kind.ordinal()).get(r.nextInt(SIZE));
        return value != null ? value : Junk.unreserved(r, 43);
    }
}
