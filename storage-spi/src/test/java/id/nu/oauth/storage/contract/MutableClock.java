package id.nu.oauth.storage.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, so expiry is tested without sleeping. Thread-safe.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(Instant.parse("2040-01-01T00:00:00Z"));
 * Storage storage = InMemoryStorage.create(clock);
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** Moves the clock forward (or, with a negative duration, back). */
    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock for UTC; other zones are refused, a MutableClock is always UTC. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("a MutableClock is always UTC");
    }
}
