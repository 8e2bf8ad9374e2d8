package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.GrantUsage;
import id.nu.oauth.storage.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A user's grants: listed with their clients' names, revoked one by one or all at once. */
final class UserGrants {

    private static final Logger LOG = LoggerFactory.getLogger(UserGrants.class);

    /** The most grants {@link AuthorizationServer#userGrants(String)} returns in one list. */
    static final int MAX_LISTED = 1000;

    private static final int MAX_PAGE = 1000;

    private final Storage storage;
    private final Clock clock;
    private final Events events;

    UserGrants(Storage storage, Clock clock, Events events) {
        this.storage = storage;
        this.clock = clock;
        this.events = events;
    }

    List<UserGrant> all(String subject) {
        List<UserGrant> all = new ArrayList<>();
        String after = null;
        do {
            Page<UserGrant> page = page(subject, after, Math.min(200, MAX_LISTED - all.size()));
            all.addAll(page.items());
            after = page.next();
        } while (after != null && all.size() < MAX_LISTED);
        return List.copyOf(all);
    }

    Page<UserGrant> page(String subject, String afterGrantId, int limit) {
        checkSubject(subject);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " grants");
        }
        Instant now = clock.instant();
        List<GrantUsage> found = storage.grants().listBySubject(subject, now, afterGrantId, limit + 1);
        boolean more = found.size() > limit;
        List<GrantUsage> page = more ? found.subList(0, limit) : found;
        Map<String, Optional<Client>> clients = new HashMap<>();
        List<UserGrant> items = new ArrayList<>();
        for (GrantUsage usage : page) {
            Grant g = usage.grant();
            Optional<Client> client = clients.computeIfAbsent(g.clientId(), id -> storage.clients().find(id));
            if (client.isEmpty()) {
                continue; // a deleted client's grants are revoked; one deleted a moment ago is skipped
            }
            items.add(new UserGrant(g.grantId(), g.clientId(), client.get().name(), g.scopes(), g.createdAt(),
                    usage.lastUsedAt(), g.expiresAt()));
        }
        return new Page<>(items, more ? page.get(limit - 1).grant().grantId() : null);
    }

    boolean revoke(String subject, String grantId) {
        checkSubject(subject);
        Objects.requireNonNull(grantId, "grantId");
        Grant grant = storage.grants().find(grantId).orElse(null);
        if (grant == null || !subject.equals(grant.subject())) {
            return false;
        }
        boolean revoked = storage.grants().revoke(grantId, clock.instant());
        storage.consents().revoke(subject, grant.clientId());
        if (revoked) {
            LOG.info("grant {} of client {} revoked by its user", grantId, grant.clientId());
            events.publish(new OAuthEvent.GrantRevoked(clock.instant(), Events.correlationId(), grant.clientId(),
                    subject, grantId));
        }
        events.publish(new OAuthEvent.ConsentRevoked(clock.instant(), Events.correlationId(), grant.clientId(),
                subject));
        return revoked;
    }

    int revokeAll(String subject) {
        checkSubject(subject);
        // the live grants first, to name each in an event (one made meanwhile is revoked all the same)
        List<Grant> live = new ArrayList<>();
        String after = null;
        do {
            List<GrantUsage> found = storage.grants().listBySubject(subject, clock.instant(), after, 201);
            found.stream().limit(200).forEach(u -> live.add(u.grant()));
            after = found.size() > 200 ? found.get(199).grant().grantId() : null;
        } while (after != null && live.size() < MAX_LISTED);
        int grants = storage.grants().revokeAllForSubject(subject, clock.instant());
        int consents = storage.consents().revokeAll(subject);
        LOG.info("a user revoked all their apps: {} grants revoked, {} consents forgotten", grants, consents);
        Instant now = clock.instant();
        for (Grant g : live) {
            events.publish(new OAuthEvent.GrantRevoked(now, Events.correlationId(), g.clientId(), subject, g.grantId()));
        }
        events.publish(new OAuthEvent.ConsentRevoked(now, Events.correlationId(), null, subject));
        return grants;
    }

    private static void checkSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("the user's subject is required");
        }
    }
}
