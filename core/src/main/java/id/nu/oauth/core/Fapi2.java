package id.nu.oauth.core;

import com.nimbusds.jose.JWSAlgorithm;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.CodeStore;
import id.nu.oauth.storage.ConsentStore;
import id.nu.oauth.storage.GrantStore;
import id.nu.oauth.storage.PushedRequestStore;
import id.nu.oauth.storage.RegistrationStore;
import id.nu.oauth.storage.SigningKeyStore;
import id.nu.oauth.storage.SingleUseStore;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.TokenStore;
import id.nu.oauth.storage.TokenWithGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FAPI 2.0 Security Profile's rules that go beyond a client's other requirements, in one place
 * (FAPI 2.0 Security Profile, Final, §5.3 and §5.4). A client registered with
 * {@code ClientRequirements.fapi2()} is held to them; the rest of the profile is enforced where the
 * rule lives: PAR required ({@code ClientRequirements}), PKCE S256 and {@code private_key_jwt},
 * {@code tls_client_auth} or {@code self_signed_tls_client_auth} only (the {@code Client} constructor),
 * sender-constrained tokens (at the token endpoint: DPoP, RFC 9449, or without a proof the TLS
 * client certificate, RFC 8705 §3), {@code iss} on every authorization response (always on).
 */
final class Fapi2 {

    /** §5.4.1: PS256, ES256 or EdDSA (Ed25519); never RS256. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    /** §5.3.2.1 item 11: authorization codes live at most 60 seconds. */
    static final Duration MAX_CODE_LIFETIME = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(Fapi2.class);

    private Fapi2() {
    }

    /**
     * The server-wide switch ({@code AuthorizationServer.Builder.fapi2SecurityProfile()}): a view of
     * {@code storage} in which every client is held to the profile as if registered with
     * {@code ClientRequirements.fapi2} (which implies PAR, RFC 9126 §6) and PKCE required. A client
     * that cannot meet it (a secret, a public client, {@code plain} PKCE: the {@code Client}
     * constructor says which) is not registered in this view, and a WARN names it once. Everything
     * else, and every write, goes to {@code storage} unchanged.
     */
    static Storage everyClient(Storage storage) {
        return new EveryClient(Objects.requireNonNull(storage, "storage"));
    }

    /**
     * The client as the server-wide profile sees it: FAPI 2.0 and PAR required, PKCE on.
     *
     * @throws IllegalArgumentException if it cannot meet the profile (the message says why)
     */
    static Client heldToProfile(Client client) {
        if (client.requirements().fapi2() && client.requirePkce()) {
            return client;
        }
        ClientRequirements r = client.requirements();
        Client c = client.requirePkce() ? client : new Client(client.clientId(), client.type(),
                client.secretHash(), client.name(), client.redirectUris(), client.allowedScopes(),
                client.defaultScopes(), client.grantTypes(), client.refreshPolicy(), true,
                client.allowPlainPkce(), client.firstParty(), client.accessTokenFormat(),
                client.resourceServer(), client.authMethods(), client.keys(), r, client.resources(),
                client.logout(), client.previousSecret(), client.disabled(), client.refreshGrace(),
                client.tlsSubject(), client.sealedSecret());
        return c.withRequirements(
                new ClientRequirements(true, r.signedRequests(), r.dpop(), true, r.certificateBoundTokens()));
    }

    /** The client held to the profile, or empty (and one WARN per client id) if it cannot be. */
    private static Optional<Client> heldToProfile(Client client, Set<String> warned) {
        try {
            return Optional.of(heldToProfile(client));
        } catch (IllegalArgumentException cannotMeet) {
            if (warned.add(client.clientId())) {
                LOG.warn("FAPI 2.0 Security Profile is on server-wide; client {} is refused as not registered: {}",
                        client.clientId(), cannotMeet.getMessage());
            }
            return Optional.empty();
        }
    }

    /** Delegates every method, the interface's defaults included, so the store's own versions run. */
    private record EveryClient(Storage storage, ClientStore clients, Set<String> warned) implements Storage {

        EveryClient(Storage storage) {
            this(storage, ConcurrentHashMap.newKeySet());
        }

        private EveryClient(Storage storage, Set<String> warned) {
            this(storage, new HeldClients(storage.clients(), warned), warned);
        }

        @Override
        public CodeStore codes() {
            return storage.codes();
        }

        @Override
        public GrantStore grants() {
            return storage.grants();
        }

        @Override
        public TokenStore tokens() {
            return storage.tokens();
        }

        @Override
        public ConsentStore consents() {
            return storage.consents();
        }

        @Override
        public SingleUseStore singleUse() {
            return storage.singleUse();
        }

        @Override
        public PushedRequestStore pushedRequests() {
            return storage.pushedRequests();
        }

        @Override
        public SigningKeyStore signingKeys() {
            return storage.signingKeys();
        }

        @Override
        public RegistrationStore registrations() {
            return storage.registrations();
        }

        @Override
        public Optional<TokenWithGrant> findTokenWithGrant(String tokenHash) {
            return storage.findTokenWithGrant(tokenHash);
        }

        @Override
        public int purgeExpired(Instant now, int batchSize) {
            return storage.purgeExpired(now, batchSize);
        }
    }

    /** Reads hold each client to the profile; writes store the client as given. */
    private record HeldClients(ClientStore stored, Set<String> warned) implements ClientStore {

        @Override
        public Optional<Client> find(String clientId) {
            return stored.find(clientId).flatMap(c -> heldToProfile(c, warned));
        }

        @Override
        public void save(Client client) {
            stored.save(client);
        }

        /** A page without the clients that cannot meet the profile (so it may be shorter than {@code limit}). */
        @Override
        public List<Client> list(String afterClientId, int limit) {
            List<Client> held = new ArrayList<>();
            for (Client c : stored.list(afterClientId, limit)) {
                heldToProfile(c, warned).ifPresent(held::add);
            }
            return held;
        }

        @Override
        public boolean delete(String clientId, Instant now) {
            return stored.delete(clientId, now);
        }
    }

    static boolean applies(Client client) {
        return client != null && client.requirements().fapi2();
    }

    /** Whether a client assertion, DPoP proof or request object of this client may use {@code alg}. */
    static boolean allows(Client client, JWSAlgorithm alg) {
        return !applies(client) || ALGORITHMS.contains(alg);
    }

    /** The lifetime of a code issued to this client. */
    static Duration codeLifetime(Client client, Duration configured) {
        return applies(client) && configured.compareTo(MAX_CODE_LIFETIME) > 0 ? MAX_CODE_LIFETIME : configured;
    }
}
