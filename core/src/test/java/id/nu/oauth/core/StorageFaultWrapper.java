package id.nu.oauth.core;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.client.Client;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.CodeStore;
import id.nu.oauth.storage.ConsentStore;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.GrantStore;
import id.nu.oauth.storage.RotateResult;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Test double for the storage faults of {@link StorageFaultTest} and the interleavings of
 * {@link CodeReplayTest}: wraps a store; operations named in {@link #failing} throw before touching
 * it, and {@link #beforeEach} sees every operation first.
 */
final class StorageFaultWrapper implements Storage {

    /** Marker in every injected fault's message, so a leaked message is easy to spot. */
    static final String FAULT_MESSAGE = "connection refused to db.internal:5432 password=hunter2";

    final Storage delegate;
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Runs before every operation, e.g. to hold a thread at a chosen point. */
    volatile Consumer<String> beforeEach = operation -> { };

    StorageFaultWrapper(Storage delegate) {
        this.delegate = delegate;
    }

    void check(String operation) {
        beforeEach.accept(operation);
        if (failing.contains(operation)) {
            throw new IllegalStateException(FAULT_MESSAGE + " (" + operation + ")");
        }
    }

    @Override
    public ClientStore clients() {
        return new ClientStore() {
            @Override
            public Optional<Client> find(String clientId) {
                check("clients.find");
                return delegate.clients().find(clientId);
            }

            @Override
            public void save(Client client) {
                check("clients.save");
                delegate.clients().save(client);
            }

            @Override
            public List<Client> list(String afterClientId, int limit) {
                check("clients.list");
                return delegate.clients().list(afterClientId, limit);
            }

            @Override
            public boolean delete(String clientId, Instant now) {
                check("clients.delete");
                return delegate.clients().delete(clientId, now);
            }
        };
    }

    @Override
    public CodeStore codes() {
        return new CodeStore() {
            @Override
            public void save(AuthorizationCode code) {
                check("codes.save");
                delegate.codes().save(code);
            }

            @Override
            public ConsumeResult consume(String codeHash) {
                check("codes.consume");
                return delegate.codes().consume(codeHash);
            }
        };
    }

    @Override
    public GrantStore grants() {
        return new GrantStore() {
            @Override
            public void create(Grant grant, List<Token> tokens) {
                check("grants.create");
                delegate.grants().create(grant, tokens);
            }

            @Override
            public boolean createFromCode(Grant grant, List<Token> tokens) {
                check("grants.createFromCode");
                return delegate.grants().createFromCode(grant, tokens);
            }

            @Override
            public boolean revokeBeforeCreation(Grant grant, Instant now) {
                check("grants.revokeBeforeCreation");
                return delegate.grants().revokeBeforeCreation(grant, now);
            }

            @Override
            public Optional<Grant> find(String grantId) {
                check("grants.find");
                return delegate.grants().find(grantId);
            }

            @Override
            public boolean revoke(String grantId, Instant now) {
                check("grants.revoke");
                return delegate.grants().revoke(grantId, now);
            }

            @Override
            public List<id.nu.oauth.storage.GrantUsage> listBySubject(String subject, Instant now, String afterGrantId,
                    int limit) {
                check("grants.listBySubject");
                return delegate.grants().listBySubject(subject, now, afterGrantId, limit);
            }

            @Override
            public int revokeAllForSubject(String subject, Instant now) {
                check("grants.revokeAllForSubject");
                return delegate.grants().revokeAllForSubject(subject, now);
            }

            @Override
            public List<Grant> revokeSession(String subject, String sessionId, Instant now) {
                check("grants.revokeSession");
                return delegate.grants().revokeSession(subject, sessionId, now);
            }
        };
    }

    @Override
    public TokenStore tokens() {
        return new TokenStore() {
            @Override
            public Optional<Token> find(String tokenHash) {
                check("tokens.find");
                return delegate.tokens().find(tokenHash);
            }

            @Override
            public void save(Token token) {
                check("tokens.save");
                delegate.tokens().save(token);
            }

            @Override
            public boolean revoke(String tokenHash) {
                check("tokens.revoke");
                return delegate.tokens().revoke(tokenHash);
            }

            @Override
            public RotateResult rotate(String refreshHash, List<Token> newTokens, Instant now) {
                check("tokens.rotate");
                return delegate.tokens().rotate(refreshHash, newTokens, now);
            }

            @Override
            public boolean renew(String refreshHash, Instant newExpiresAt, List<Token> newTokens, Instant now) {
                check("tokens.renew");
                return delegate.tokens().renew(refreshHash, newExpiresAt, newTokens, now);
            }

            @Override
            public boolean takeGraceReuse(String refreshHash, Instant rotatedAfter, int maxReuses, List<Token> newTokens,
                    Instant now) {
                check("tokens.takeGraceReuse");
                return delegate.tokens().takeGraceReuse(refreshHash, rotatedAfter, maxReuses, newTokens, now);
            }
        };
    }

    @Override
    public ConsentStore consents() {
        return delegate.consents();
    }

    @Override
    public id.nu.oauth.storage.SingleUseStore singleUse() {
        return delegate.singleUse();
    }

    @Override
    public id.nu.oauth.storage.PushedRequestStore pushedRequests() {
        return delegate.pushedRequests();
    }

    @Override
    public id.nu.oauth.storage.SigningKeyStore signingKeys() {
        return delegate.signingKeys();
    }

    @Override
    public int purgeExpired(Instant now, int batchSize) {
        check("purgeExpired");
        return delegate.purgeExpired(now, batchSize);
    }
}
