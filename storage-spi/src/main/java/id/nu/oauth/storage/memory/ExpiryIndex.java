package id.nu.oauth.storage.memory;

import java.time.Instant;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which entries expire when, in time buckets: what lets {@link InMemoryStorage} find expired entries
 * without scanning the store, at O(1) per write.
 *
 * <p>An entry goes into a bucket of a width chosen by its lifetime when it is added (at most 1/64 of
 * it, a power of two seconds, at least one second): entries with the same lifetime added around the
 * same time share a bucket, so a write is one append to the bucket it used last, and each lifetime
 * has at most ~130 buckets alive whatever the traffic. Buckets whose whole span has passed are
 * drained in any order; the one bucket per width that holds {@code now} is sorted once and drained
 * up to {@code now}, so a purge is exact to the nanosecond. What an entry points to is checked again
 * by the {@link Remover} (a renewed token has a later index entry too).
 *
 * <p>Thread-safe: appends and drains of one bucket hold its monitor; the remover is called with no
 * monitor held.
 */
final class ExpiryIndex {

    /** Removes what an index entry points to if it has expired by {@code now}; says whether this call removed it. */
    @FunctionalInterface
    interface Remover {
        boolean removeIfExpired(byte kind, String key, Instant now);
    }

    /** Widths 2^0 … 2^MAX_CLASS seconds. */
    private static final int MAX_CLASS = 40;
    /** Most index entries taken out of a bucket at once (so a drain allocates little). */
    private static final int CHUNK = 256;

    private final Lane[] lanes = new Lane[MAX_CLASS + 1];
    /** The classes that have ever had a bucket (bit c: class c). */
    private final AtomicLong usedClasses = new AtomicLong();
    /**
     * A lower bound of the second at which some bucket's whole span has passed: below it, a purge of
     * whole buckets has nothing to do and returns at once (a write's common case).
     */
    private final AtomicLong nextDue = new AtomicLong(Long.MAX_VALUE);
    /** Counts bucket creations, so a purge that may have missed one does not raise {@link #nextDue}. */
    private final AtomicLong created = new AtomicLong();

    ExpiryIndex() {
        for (int c = 0; c <= MAX_CLASS; c++) {
            lanes[c] = new Lane(c);
        }
    }

    /** Adds an entry expiring at {@code at}, as seen at {@code now} (which only picks the bucket width). */
    void add(byte kind, String key, Instant at, Instant now) {
        long second = at.getEpochSecond();
        Lane lane = lanes[classOf(second - now.getEpochSecond())];
        long index = second >> lane.shift;
        long nanos = nanos(at);
        Bucket bucket = lane.recent;
        if (bucket != null && bucket.index == index && bucket.add(kind, key, nanos)) {
            return;
        }
        while (true) {
            bucket = lane.buckets.get(index);
            if (bucket == null) {
                Bucket made = new Bucket(index, lane.shift);
                bucket = lane.buckets.putIfAbsent(index, made);
                if (bucket == null) {
                    bucket = made;
                    created.incrementAndGet();
                    usedClasses.getAndUpdate(used -> used | (1L << lane.shift));
                    nextDue.accumulateAndGet(made.end, Math::min);
                }
            }
            if (bucket.add(kind, key, nanos)) {
                lane.recent = bucket;
                return;
            }
            lane.buckets.remove(index, bucket); // drained and closed: make a new one
        }
    }

    /**
     * Removes up to {@code limit} expired entries through {@code remover}: with {@code exact}, every
     * entry that expired before {@code now}; without, only those in buckets whose whole span has
     * passed (cheap enough for every write; those of the current bucket wait at most its width).
     */
    int purge(Instant now, int limit, boolean exact, Remover remover) {
        long nowSecond = now.getEpochSecond();
        long due = nextDue.get();
        if (!exact && nowSecond < due) {
            return 0;
        }
        long createdBefore = created.get();
        long nowNanos = nanos(now);
        long used = usedClasses.get();
        long earliest = Long.MAX_VALUE;
        int purged = 0;
        boolean complete = true;
        String[] keys = new String[Math.min(limit, CHUNK)];
        byte[] kinds = new byte[keys.length];
        for (long rest = used; rest != 0; rest &= rest - 1) {
            Lane lane = lanes[Long.numberOfTrailingZeros(rest)];
            while (true) {
                var head = lane.buckets.firstEntry();
                if (head == null) {
                    break;
                }
                Bucket bucket = head.getValue();
                boolean past = bucket.end <= nowSecond;
                if (!past && (!exact || bucket.start > nowSecond)) {
                    earliest = Math.min(earliest, bucket.end);
                    break;
                }
                if (purged >= limit) {
                    earliest = Math.min(earliest, bucket.end);
                    complete = false;
                    break;
                }
                int taken = bucket.take(past ? Long.MAX_VALUE : nowNanos, Math.min(limit - purged, keys.length),
                        keys, kinds);
                for (int i = 0; i < taken; i++) {
                    if (remover.removeIfExpired(kinds[i], keys[i], now)) {
                        purged++;
                    }
                    keys[i] = null;
                }
                if (taken == 0) {
                    if (past && bucket.closeIfDrained()) {
                        lane.buckets.remove(bucket.index, bucket);
                        continue;
                    }
                    earliest = Math.min(earliest, bucket.end);
                    break; // the current bucket holds nothing more that has expired
                }
            }
        }
        if (complete) {
            nextDue.compareAndSet(due, earliest);
            if (created.get() != createdBefore) {
                nextDue.accumulateAndGet(Long.MIN_VALUE, Math::min); // a bucket may have been missed: look again
            }
        }
        return purged;
    }

    /** The bucket class of a lifetime: the width 2^class seconds is at most 1/64 of it. */
    static int classOf(long lifetimeSeconds) {
        long sixtyFourths = Math.max(lifetimeSeconds, 0) >>> 6;
        return Math.min(MAX_CLASS, Math.max(0, 63 - Long.numberOfLeadingZeros(sixtyFourths)));
    }

    /** Nanoseconds since the epoch, saturated outside the years 1677–2262. */
    static long nanos(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + instant.getNano();
    }

    /** The buckets of one width, by index (second >> shift). */
    private static final class Lane {
        final int shift;
        final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();
        /** The bucket this lane appended to last: the next append most likely goes there too. */
        volatile Bucket recent;

        Lane(int shift) {
            this.shift = shift;
        }
    }

    /**
     * The entries expiring in [start, end) seconds, in arrays (13 bytes an entry). Entries before
     * {@code cursor} have been taken; from {@code cursor} on they are in expiry order while
     * {@code sorted}.
     */
    private static final class Bucket {
        final long index;
        final long start;
        final long end;
        private String[] keys = new String[8];
        private byte[] kinds = new byte[8];
        private long[] expiries = new long[8];
        private int size;
        private int cursor;
        private boolean sorted = true;
        private boolean closed;

        Bucket(long index, int shift) {
            this.index = index;
            this.start = index << shift;
            this.end = (index + 1) << shift;
        }

        synchronized boolean add(byte kind, String key, long expiry) {
            if (closed) {
                return false;
            }
            if (size == keys.length) {
                int grown = size + (size >> 1) + 8;
                keys = java.util.Arrays.copyOf(keys, grown);
                kinds = java.util.Arrays.copyOf(kinds, grown);
                expiries = java.util.Arrays.copyOf(expiries, grown);
            }
            if (size > cursor && expiries[size - 1] > expiry) {
                sorted = false;
            }
            keys[size] = key;
            kinds[size] = kind;
            expiries[size] = expiry;
            size++;
            return true;
        }

        /** Takes up to {@code max} entries that expire before {@code beforeNanos} (all: MAX_VALUE). */
        synchronized int take(long beforeNanos, int max, String[] outKeys, byte[] outKinds) {
            if (beforeNanos != Long.MAX_VALUE && !sorted) {
                sort(cursor, size);
                sorted = true;
            }
            int n = 0;
            while (n < max && cursor < size && (beforeNanos == Long.MAX_VALUE || expiries[cursor] < beforeNanos)) {
                outKeys[n] = keys[cursor];
                outKinds[n] = kinds[cursor];
                keys[cursor] = null;
                cursor++;
                n++;
            }
            return n;
        }

        /** Closes the bucket to appends if everything has been taken; says whether it did. */
        synchronized boolean closeIfDrained() {
            if (cursor < size) {
                return false;
            }
            closed = true;
            keys = new String[0]; // the lane may still point here as its recent bucket: keep nothing
            kinds = new byte[0];
            expiries = new long[0];
            size = 0;
            cursor = 0;
            return true;
        }

        /** Heap sort of [from, to) by expiry, moving the three arrays together. */
        private void sort(int from, int to) {
            int n = to - from;
            for (int i = n / 2 - 1; i >= 0; i--) {
                siftDown(from, i, n);
            }
            for (int last = n - 1; last > 0; last--) {
                swap(from, from + last);
                siftDown(from, 0, last);
            }
        }

        private void siftDown(int base, int i, int n) {
            while (true) {
                int child = 2 * i + 1;
                if (child >= n) {
                    return;
                }
                if (child + 1 < n && expiries[base + child + 1] > expiries[base + child]) {
                    child++;
                }
                if (expiries[base + i] >= expiries[base + child]) {
                    return;
                }
                swap(base + i, base + child);
                i = child;
            }
        }

        private void swap(int a, int b) {
            String key = keys[a];
            keys[a] = keys[b];
            keys[b] = key;
            byte kind = kinds[a];
            kinds[a] = kinds[b];
            kinds[b] = kind;
            long expiry = expiries[a];
            expiries[a] = expiries[b];
            expiries[b] = expiry;
        }
    }
}
