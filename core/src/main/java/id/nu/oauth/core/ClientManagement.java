package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.client.PreviousSecret;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's administration of registered clients: list them page by page, find one, register or
 * change one, disable it (its tokens stop working at once on every node, and it gets no new ones),
 * enable it again, delete it (its grants, tokens, codes and consents with it), and rotate a
 * confidential client's secret with a grace period in which the old secret still works (a
 * {@code client_secret_jwt} client's new secret is sealed again, {@link ClientSecretSeal}).
 *
 * <p>Get it from {@link AuthorizationServer#clientManagement()}. Storage faults are thrown as they
 * come (this is not an endpoint: the host's admin page decides what to show). Every change is told
 * to the event listeners ({@link OAuthEvent.ClientRegistered}, {@link OAuthEvent.ClientDisabled},
 * {@link OAuthEvent.ClientEnabled}, {@link OAuthEvent.ClientDeleted},
 * {@link OAuthEvent.ClientSecretRotated}), with the correlation id of the request the call is made in
 * ({@link AuthorizationServer#requestScope()}), or none outside one.
 *
 * <pre>{@code
 * ClientManagement clients = server.clientManagement();
 * Page<Client> first = clients.list(null, 50);
 * clients.disable("compromised-app");
 * String newSecret = clients.rotateSecret("portal", Duration.ofHours(24)); // show once, store nowhere
 * clients.delete("retired-app");
 * }</pre>
 */
public final class ClientManagement {

    private static final Logger LOG = LoggerFactory.getLogger(ClientManagement.class);

    /** The most clients one page holds. */
    public static final int MAX_PAGE = 1000;

    /** The longest an old secret may keep working after a rotation. */
    public static final Duration MAX_SECRET_GRACE = Duration.ofDays(30);

    private final Storage storage;
    private final Clock clock;
    private final Events events;
    private final ClientSecretSeal seal;

    /** {@code seal}: the server's {@link ClientSecretSeal}, or {@code null} when client_secret_jwt is off. */
    ClientManagement(Storage storage, Clock clock, Events events, ClientSecretSeal seal) {
        this.seal = seal;
        this.storage = storage;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Up to {@code limit} (1 to {@link #MAX_PAGE}) registered clients in ascending order of client id,
     * starting after {@code afterClientId} ({@code null}: from the first).
     */
    public Page<Client> list(String afterClientId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " clients");
        }
        List<Client> items = storage.clients().list(afterClientId, limit + 1);
        if (items.size() > limit) {
            List<Client> page = items.subList(0, limit);
            return new Page<>(page, page.get(limit - 1).clientId());
        }
        return new Page<>(items, null);
    }

    /** The client with this id, if registered. */
    public Optional<Client> find(String clientId) {
        return storage.clients().find(Objects.requireNonNull(clientId, "clientId"));
    }

    /**
     * Registers the client, or replaces the one with the same id.
     *
     * @throws IllegalArgumentException for a {@code client_secret_jwt} client whose sealed secret does
     *     not open with the server's key for this client, or is not the secret its hash was made from
     * @throws IllegalStateException for a {@code client_secret_jwt} client when the server has no
     *     client secret encryption key
     */
    public void save(Client client) {
        Objects.requireNonNull(client, "client");
        if (client.allows(ClientAuthMethod.CLIENT_SECRET_JWT)) {
            checkSealed(client, sealOrThrow(client));
        }
        boolean existed = storage.clients().find(client.clientId()).isPresent();
        storage.clients().save(client);
        LOG.info("client {} saved", client.clientId());
        events.publish(new OAuthEvent.ClientRegistered(clock.instant(), Events.correlationId(), client.clientId(),
                existed));
    }

    /**
     * Disables the client: from the moment this returns, its access and refresh tokens are inactive
     * on every node sharing the store (validation, introspection, userinfo, refresh), it fails client
     * authentication ({@code invalid_client}) and its authorization requests get an error page. Its
     * grants and tokens are then purged by {@link Storage#purgeExpired} in bounded batches; enabling it
     * again does not bring them back. Returns whether the client exists.
     */
    public boolean disable(String clientId) {
        return setDisabled(clientId, true);
    }

    /** Enables a disabled client again (its users authorize it anew). Returns whether the client exists. */
    public boolean enable(String clientId) {
        return setDisabled(clientId, false);
    }

    private boolean setDisabled(String clientId, boolean disabled) {
        Optional<Client> client = find(clientId);
        client.ifPresent(c -> {
            storage.clients().save(c.withDisabled(disabled));
            LOG.info("client {} {}", clientId, disabled ? "disabled" : "enabled");
            events.publish(disabled
                    ? new OAuthEvent.ClientDisabled(clock.instant(), Events.correlationId(), c.clientId())
                    : new OAuthEvent.ClientEnabled(clock.instant(), Events.correlationId(), c.clientId()));
        });
        return client.isPresent();
    }

    /**
     * Deletes the client with its consents and codes; its grants are revoked at once (its tokens stop
     * working on every node, and stay dead if a client is registered again under the same id) and
     * purged with their tokens by {@link Storage#purgeExpired}. Returns whether the client existed.
     */
    public boolean delete(String clientId) {
        boolean deleted = storage.clients().delete(Objects.requireNonNull(clientId, "clientId"), clock.instant());
        if (deleted) {
            LOG.info("client {} deleted", clientId);
            events.publish(new OAuthEvent.ClientDeleted(clock.instant(), Events.correlationId(), clientId));
        }
        return deleted;
    }

    /**
     * Gives a confidential client a new secret (256 random bits, {@link SecretHash#generateSecret()})
     * and keeps the current one working for {@code grace} (zero: not at all; at most
     * {@link #MAX_SECRET_GRACE}), so the client's instances can switch over without an outage. A secret
     * from an earlier rotation stops working now. Returns the new secret: hand it to the client's
     * operator once; only its hash is stored (and, for a {@code client_secret_jwt} client, its sealed
     * form, the old one's kept for the same grace period).
     *
     * @throws IllegalArgumentException if the client is unknown or has no secret
     * @throws IllegalStateException for a {@code client_secret_jwt} client when the server has no
     *     client secret encryption key
     */
    public String rotateSecret(String clientId, Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative() || grace.compareTo(MAX_SECRET_GRACE) > 0) {
            throw new IllegalArgumentException("the old secret's grace period is 0 to 30 days");
        }
        Client client = find(clientId).orElseThrow(() -> new IllegalArgumentException("unknown client " + clientId));
        if (client.type() != ClientType.CONFIDENTIAL || client.secretHash() == null) {
            throw new IllegalArgumentException("client " + clientId + " has no secret to rotate");
        }
        ClientSecretSeal sealer = client.allows(ClientAuthMethod.CLIENT_SECRET_JWT) ? sealOrThrow(client) : null;
        String secret = SecretHash.generateSecret();
        PreviousSecret previous = grace.isZero() ? null
                : new PreviousSecret(client.secretHash(), clock.instant().plus(grace), client.sealedSecret());
        storage.clients().save(client.withSecrets(SecretHash.of(secret),
                sealer == null ? null : sealer.seal(client.clientId(), secret), previous));
        LOG.info("client {}: secret rotated; the previous one works for {}", clientId, grace);
        events.publish(new OAuthEvent.ClientSecretRotated(clock.instant(), Events.correlationId(), client.clientId(),
                grace));
        return secret;
    }

    private ClientSecretSeal sealOrThrow(Client client) {
        if (seal == null) {
            throw new IllegalStateException("client " + client.clientId() + " uses client_secret_jwt, and this server "
                    + "has no client secret encryption key (AuthorizationServer.Builder.clientSecretEncryptionKey)");
        }
        return seal;
    }

    /**
     * The client's sealed secret, and its previous one's, open for it under {@code seal} and are the
     * secrets their hashes were made from.
     *
     * @throws IllegalArgumentException if not (the message names the client, never a secret)
     */
    static void checkSealed(Client client, ClientSecretSeal seal) {
        checkSealed(client, seal, client.sealedSecret(), client.secretHash(), "sealed secret");
        PreviousSecret previous = client.previousSecret();
        if (previous != null && previous.sealedSecret() != null) {
            checkSealed(client, seal, previous.sealedSecret(), previous.hash(), "previous sealed secret");
        }
    }

    private static void checkSealed(Client client, ClientSecretSeal seal, String sealed, SecretHash hash, String what) {
        String secret;
        try {
            secret = seal.open(client.clientId(), sealed);
        } catch (ClientSecretSeal.Unopenable e) {
            throw new IllegalArgumentException("client " + client.clientId() + ": its " + what + " does not open with "
                    + "the client secret encryption key for this client (" + e.getMessage() + ")");
        }
        if (hash == null || !hash.matches(secret)) {
            throw new IllegalArgumentException("client " + client.clientId() + ": its " + what
                    + " is not the secret its hash was made from");
        }
    }
}
