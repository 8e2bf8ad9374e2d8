package id.nu.oauth.client;

import java.time.Duration;
import java.util.Objects;

/**
 * A client's refresh grace window, off by default: for {@code window} after a refresh token was
 * rotated, the same client presenting it again gets fresh tokens instead of having the whole grant
 * revoked as a reuse (RFC 9700 §4.14.2), at most {@code maxReuses} times. It lets an app whose
 * refresh response was lost (a node died, the network dropped) or that refreshes from several tabs
 * at once keep the user's grant. The trade-off: inside the window a thief holding the old token
 * also gets tokens and goes undetected, so keep the window to seconds and the reuses few.
 *
 * <pre>{@code
 * Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb")
 *         .refreshGrace(Duration.ofSeconds(10), 2)   // two late reuses within 10 s
 *         .build();
 * }</pre>
 *
 * @param window how long after a rotation the old token may still be reused; zero means off;
 *     at most {@link #MAX_WINDOW}, in whole seconds
 * @param maxReuses how many grace reuses of one rotated token are honoured (1 to {@link #MAX_REUSES});
 *     0 when off
 */
public record RefreshGrace(Duration window, int maxReuses) {

    /** The longest window: a grace window is for a retry, not a session. */
    public static final Duration MAX_WINDOW = Duration.ofSeconds(60);

    /** The most reuses of one rotated token. */
    public static final int MAX_REUSES = 100;

    /** No grace: any reuse of a rotated refresh token revokes its grant (the default). */
    public static final RefreshGrace OFF = new RefreshGrace(Duration.ZERO, 0);

    public RefreshGrace {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.compareTo(MAX_WINDOW) > 0 || window.getNano() != 0) {
            throw new IllegalArgumentException("the refresh grace window is 0 to 60 whole seconds");
        }
        if (window.isZero() ? maxReuses != 0 : maxReuses < 1 || maxReuses > MAX_REUSES) {
            throw new IllegalArgumentException("a refresh grace window allows 1 to " + MAX_REUSES
                    + " reuses (and none when it is off)");
        }
    }

    /** Whether reuses inside a window are honoured at all. */
    public boolean enabled() {
        return !window.isZero();
    }
}
