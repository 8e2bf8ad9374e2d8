package id.nu.oauth.storage.jdbc;

/**
 * A database fault in the JDBC store: the connection failed, a statement was refused, a constraint
 * was violated. The operation was rolled back, so nothing of it is visible. The authorization server
 * answers {@code server_error} when a store throws; a host calling the store directly may catch it.
 * The message names the operation, never a token; the cause is the driver's {@link java.sql.SQLException}.
 * A stored row that breaks a record's rules (a client row edited to a public client without PKCE)
 * is one too: the message names the client, the cause is the record's {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * try {
 *     storage.purgeExpired(Instant.now(), 1000);
 * } catch (JdbcStorageException e) {
 *     log.warn("purge failed, will retry", e);
 * }
 * }</pre>
 */
public final class JdbcStorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JdbcStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
