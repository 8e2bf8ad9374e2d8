package id.nu.oauth.core;

import id.nu.oauth.client.GrantType;
import id.nu.oauth.storage.TokenKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something security-relevant the engine did or saw, for the host's audit log, alerting and
 * metrics ({@link OAuthEventListener}). Every event says when ({@link #at()}), in which request
 * ({@link #correlationId()}, also in the SLF4J MDC and the response header
 * {@value RequestScope#HEADER}), and as far as it applies which client, subject and grant.
 *
 * <p>Events carry identifiers only, never a credential: no record here has a component that could
 * hold a token, a code, a secret or a password. The string components are the
 * {@code correlationId}, a {@code clientId} (always a registered client's; an unknown id a caller
 * sent is never repeated), a {@code subject}, a {@code grantId} and a signing key's {@code keyId};
 * everything else is an enum, a number, a flag or a time. A test in the engine checks this on every
 * record.
 *
 * <pre>{@code
 * AuthorizationServer.builder()
 *         .issuer(issuer)
 *         .eventListener(event -> {
 *             if (event instanceof OAuthEvent.RefreshReuseDetected reuse) {
 *                 alerts.raise("refresh token reuse", reuse.clientId(), reuse.grantId());
 *             }
 *         })
 *         .build();
 * }</pre>
 */
public sealed interface OAuthEvent {

    /** When it happened (the server's clock). */
    Instant at();

    /** The request it happened in, or {@code null} outside a request (start-up, a host's admin call). */
    String correlationId();

    /** The registered client it concerns, or {@code null}. */
    default String clientId() {
        return null;
    }

    /** The user (the engine's subject) it concerns, or {@code null}. */
    default String subject() {
        return null;
    }

    /** The grant it concerns, or {@code null}. */
    default String grantId() {
        return null;
    }

    /** How much an operator should care; the default listener logs at this level. */
    Severity severity();

    /**
     * A stable, dot-separated lowercase name of the event's kind, such as {@code code.replayed}:
     * the {@code event} of the default log line and the {@code type} tag of metrics.
     */
    String type();

    /** How much an operator should care about an event. */
    enum Severity {
        /** Normal operation: issuance, redemption, introspection. */
        DEBUG,
        /** Worth a line in the audit log: consent, revocation, a failed client authentication. */
        INFO,
        /** Possibly an attack or a stolen credential: a replayed code, a reused refresh token. */
        WARN
    }

    /** The endpoint a request was answered by. */
    enum Endpoint {
        /** GET or POST /oauth/authorize and the consent form. */
        AUTHORIZE,
        /** POST /oauth/token. */
        TOKEN,
        /** POST /oauth/refreshAccessToken. */
        REFRESH,
        /** POST /oauth/revoke. */
        REVOKE,
        /** POST /oauth/introspect. */
        INTROSPECT,
        /** GET or POST /oauth/userinfo. */
        USERINFO,
        /** The JWK set and the metadata documents. */
        DOCUMENT,
        /** A host's own API checked with {@link AuthorizationServer#protectedResource}. */
        PROTECTED_RESOURCE,
        /** GET or POST /oauth/logout, the end-session endpoint (OpenID Connect RP-Initiated Logout 1.0). */
        END_SESSION,
        /**
         * POST /oauth/register and GET, PUT, DELETE /oauth/register/{client_id}: dynamic client
         * registration (RFC 7591, RFC 7592).
         */
        REGISTRATION,
        /** Any other path (answered 404). */
        OTHER;

        /** The lowercase name, for a log line or a metric tag. */
        public String tagValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A request was answered: which endpoint, how, and how long it took. Emitted once per call of
     * an endpoint method, last.
     *
     * @param at when the answer was ready
     * @param correlationId the request
     * @param endpoint the endpoint
     * @param clientId the authenticated or verified client, or {@code null}
     * @param grantType the grant type of a token request, or {@code null}
     * @param status the HTTP status (for the authorization endpoint: 302/303 for a redirect, 200 for
     *     a login or consent hand-off, the error page's status)
     * @param error the error answered, or {@code null} for a success
     * @param duration how long the engine took
     */
    record RequestCompleted(Instant at, String correlationId, Endpoint endpoint, String clientId, GrantType grantType,
            int status, ErrorCode error, Duration duration) implements OAuthEvent {
        public RequestCompleted {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public Severity severity() {
            return Severity.DEBUG;
        }

        @Override
        public String type() {
            return "request.completed";
        }
    }

    /**
     * An error was answered (a JSON error, an error redirect, or the authorization endpoint's error
     * page). A server fault is {@link Severity#WARN} (its stack trace is logged once, at ERROR, by
     * the engine); any other error {@link Severity#DEBUG}: bad requests are the clients' business.
     *
     * @param at when
     * @param correlationId the request
     * @param endpoint the endpoint
     * @param clientId the client if it was identified, or {@code null}
     * @param error the error
     * @param status the HTTP status
     */
    record ErrorAnswered(Instant at, String correlationId, Endpoint endpoint, String clientId, ErrorCode error,
            int status) implements OAuthEvent {
        public ErrorAnswered {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Severity severity() {
            return status >= 500 ? Severity.WARN : Severity.DEBUG;
        }

        @Override
        public String type() {
            return "error.answered";
        }
    }

    /**
     * The authorization endpoint handed the browser to the host's login page.
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the client asking
     * @param reauthenticate whether a logged-in user must log in again
     */
    record LoginRequested(Instant at, String correlationId, String clientId, boolean reauthenticate)
            implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.DEBUG;
        }

        @Override
        public String type() {
            return "login.requested";
        }
    }

    /**
     * The user approved a client's request (the consent is remembered).
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the client
     * @param subject the user
     */
    record ConsentGiven(Instant at, String correlationId, String clientId, String subject) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "consent.given";
        }
    }

    /**
     * The user denied a client's request.
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the client
     * @param subject the user
     */
    record ConsentDenied(Instant at, String correlationId, String clientId, String subject) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "consent.denied";
        }
    }

    /**
     * A remembered consent was withdrawn (the user's "connected apps", a host's admin call).
     *
     * @param at when
     * @param correlationId the request, or {@code null}
     * @param clientId the client, or {@code null} when every consent of the user was withdrawn at once
     *     ({@link AuthorizationServer#revokeAllForUser})
     * @param subject the user
     */
    record ConsentRevoked(Instant at, String correlationId, String clientId, String subject) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "consent.revoked";
        }
    }

    /**
     * An authorization code was issued (RFC 6749 §4.1.2).
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the client
     * @param subject the user
     * @param grantId the grant the code starts
     */
    record CodeIssued(Instant at, String correlationId, String clientId, String subject, String grantId)
            implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.DEBUG;
        }

        @Override
        public String type() {
            return "code.issued";
        }
    }

    /**
     * An authorization code was redeemed for tokens (RFC 6749 §4.1.3).
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the client
     * @param subject the user
     * @param grantId the grant
     */
    record CodeRedeemed(Instant at, String correlationId, String clientId, String subject, String grantId)
            implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.DEBUG;
        }

        @Override
        public String type() {
            return "code.redeemed";
        }
    }

    /**
     * A spent authorization code came again; its grant and tokens are revoked (RFC 6749 §4.1.2).
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the client the code was issued to
     * @param subject the user
     * @param grantId the grant revoked
     */
    record CodeReplayed(Instant at, String correlationId, String clientId, String subject, String grantId)
            implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.WARN;
        }

        @Override
        public String type() {
            return "code.replayed";
        }
    }

    /**
     * Tokens were issued for a new grant: by code or client credentials.
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the client
     * @param subject the user, or {@code null} for client credentials
     * @param grantId the grant
     * @param grantType how
     * @param refreshToken whether a refresh token came with the access token
     */
    record TokensIssued(Instant at, String correlationId, String clientId, String subject, String grantId,
            GrantType grantType, boolean refreshToken) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.DEBUG;
        }

        @Override
        public String type() {
            return "tokens.issued";
        }
    }

    /**
     * A refresh token was used (RFC 6749 §6): a new access token; {@code rotated} when a new
     * refresh token replaced the old one (RFC 9700 §4.14.2), otherwise the old one was renewed.
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the client
     * @param subject the user
     * @param grantId the grant
     * @param rotated whether the refresh token was rotated
     */
    record TokensRefreshed(Instant at, String correlationId, String clientId, String subject, String grantId,
            boolean rotated) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.DEBUG;
        }

        @Override
        public String type() {
            return rotated ? "tokens.rotated" : "tokens.refreshed";
        }
    }

    /**
     * A rotated refresh token was used again: its grant (the whole token family) is revoked
     * (RFC 9700 §4.14.2).
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the client
     * @param subject the user
     * @param grantId the grant revoked
     */
    record RefreshReuseDetected(Instant at, String correlationId, String clientId, String subject, String grantId)
            implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.WARN;
        }

        @Override
        public String type() {
            return "refresh.reuse_detected";
        }
    }

    /**
     * One token was revoked (RFC 7009): an access token alone.
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the token's client
     * @param subject the user, or {@code null}
     * @param grantId the token's grant
     * @param kind which kind of token
     */
    record TokenRevoked(Instant at, String correlationId, String clientId, String subject, String grantId,
            TokenKind kind) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "token.revoked";
        }
    }

    /**
     * A grant and every token of it were revoked (RFC 7009 §2.1: through its refresh token; or by
     * the host).
     *
     * @param at when
     * @param correlationId the request, or {@code null}
     * @param clientId the grant's client
     * @param subject the user, or {@code null}
     * @param grantId the grant
     */
    record GrantRevoked(Instant at, String correlationId, String clientId, String subject, String grantId)
            implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "grant.revoked";
        }
    }

    /**
     * A caller failed client authentication (RFC 6749 §2.3, answered {@code invalid_client}).
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the registered client whose authentication failed, or {@code null} when the
     *     caller named no registered client (what it sent is never repeated)
     * @param endpoint where
     */
    record ClientAuthenticationFailed(Instant at, String correlationId, String clientId, Endpoint endpoint)
            implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "client.authentication_failed";
        }
    }

    /**
     * A client asked the introspection endpoint about a token (RFC 7662).
     *
     * @param at when
     * @param correlationId the request
     * @param clientId the caller
     * @param active the answer
     */
    record Introspected(Instant at, String correlationId, String clientId, boolean active) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.DEBUG;
        }

        @Override
        public String type() {
            return "token.introspected";
        }
    }

    /**
     * A new signing key took over ({@link AuthorizationServer#signingKeyRotated}).
     *
     * @param at when
     * @param correlationId the request, or {@code null}
     * @param keyId the new key's {@code kid}
     * @param algorithm its algorithm
     */
    record KeyRotated(Instant at, String correlationId, String keyId, SigningAlgorithm algorithm)
            implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "key.rotated";
        }
    }

    /**
     * A client was registered, or its registration changed: by the host (at start-up, through
     * {@link ClientManagement#save}) or by the client itself (RFC 7591 §3, RFC 7592 §2.2).
     *
     * @param at when
     * @param correlationId the request, or {@code null} (at start-up, a host's admin call)
     * @param clientId the client
     * @param changed {@code false} for a new client, {@code true} for a changed one
     */
    record ClientRegistered(Instant at, String correlationId, String clientId, boolean changed)
            implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return changed ? "client.changed" : "client.registered";
        }
    }

    /**
     * A client was disabled ({@link ClientManagement#disable}): its tokens stopped working.
     *
     * @param at when
     * @param correlationId the request, or {@code null} (a host's admin call)
     * @param clientId the client
     */
    record ClientDisabled(Instant at, String correlationId, String clientId) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "client.disabled";
        }
    }

    /**
     * A disabled client was enabled again ({@link ClientManagement#enable}).
     *
     * @param at when
     * @param correlationId the request, or {@code null} (a host's admin call)
     * @param clientId the client
     */
    record ClientEnabled(Instant at, String correlationId, String clientId) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "client.enabled";
        }
    }

    /**
     * A client was deleted with its grants, tokens and consents: by the host
     * ({@link ClientManagement#delete}) or by the client itself (RFC 7592 §2.3).
     *
     * @param at when
     * @param correlationId the request, or {@code null} (a host's admin call)
     * @param clientId the client
     */
    record ClientDeleted(Instant at, String correlationId, String clientId) implements OAuthEvent {
        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "client.deleted";
        }
    }

    /**
     * A confidential client's secret was replaced ({@link ClientManagement#rotateSecret}). The event
     * never holds either secret.
     *
     * @param at when
     * @param correlationId the request, or {@code null} (a host's admin call)
     * @param clientId the client
     * @param grace how long the previous secret keeps working (zero: not at all)
     */
    record ClientSecretRotated(Instant at, String correlationId, String clientId, Duration grace)
            implements OAuthEvent {
        public ClientSecretRotated {
            Objects.requireNonNull(grace, "grace");
        }

        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "client.secret_rotated";
        }
    }
}
