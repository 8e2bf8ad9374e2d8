package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientType;
import java.time.Duration;

/**
 * How long refresh tokens live, per kind of client: the one place that decides ({@link TokenIssuer}
 * applies it). A refresh token expires after {@code idle} unused, and its grant after
 * {@code absolute} however often it is used.
 *
 * <p>Legacy public clients (the documented NU.ID flow) have lifetimes of their own, never longer
 * than the others': their refresh tokens do not rotate, so a stolen one is not detected on reuse
 * (RFC 9700 §4.14.2), and the only limit on its use is its expiry.
 *
 * @param idle how long a refresh token lives unused
 * @param absolute how long a grant can be refreshed at most
 * @param legacyIdle {@code idle} for legacy public clients
 * @param legacyAbsolute {@code absolute} for legacy public clients
 */
record RefreshLifetimes(Duration idle, Duration absolute, Duration legacyIdle, Duration legacyAbsolute) {

    /** The builder's defaults for legacy public clients: 7 days idle, 30 days absolute. */
    static final Duration DEFAULT_LEGACY_IDLE = Duration.ofDays(7);
    static final Duration DEFAULT_LEGACY_ABSOLUTE = Duration.ofDays(30);

    /** @throws IllegalStateException if an idle lifetime exceeds its absolute one, or a legacy one the general one */
    RefreshLifetimes {
        if (idle.compareTo(absolute) > 0) {
            throw new IllegalStateException("the refresh idle lifetime exceeds the absolute lifetime");
        }
        if (legacyIdle.compareTo(legacyAbsolute) > 0) {
            throw new IllegalStateException("the legacy refresh idle lifetime exceeds the legacy absolute lifetime");
        }
        if (legacyIdle.compareTo(idle) > 0 || legacyAbsolute.compareTo(absolute) > 0) {
            throw new IllegalStateException("legacy public clients' refresh lifetimes cannot exceed the others' "
                    + "(their refresh tokens do not rotate)");
        }
    }

    /**
     * The lifetimes the builder was given; a legacy lifetime not given ({@code null}) is its default,
     * or the general one if that is shorter (and the idle one at most the legacy absolute one).
     */
    static RefreshLifetimes of(Duration idle, Duration absolute, Duration legacyIdle, Duration legacyAbsolute) {
        Duration legacyEnd = legacyAbsolute != null ? legacyAbsolute : shorter(DEFAULT_LEGACY_ABSOLUTE, absolute);
        return new RefreshLifetimes(idle, absolute,
                legacyIdle != null ? legacyIdle : shorter(DEFAULT_LEGACY_IDLE, shorter(idle, legacyEnd)), legacyEnd);
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** How long this client's refresh tokens live unused. */
    Duration idle(Client client) {
        return isLegacy(client) ? legacyIdle : idle;
    }

    /** How long this client's grants can be refreshed at most. */
    Duration absolute(Client client) {
        return isLegacy(client) ? legacyAbsolute : absolute;
    }

    private static boolean isLegacy(Client client) {
        return client.type() == ClientType.LEGACY_PUBLIC;
    }
}
