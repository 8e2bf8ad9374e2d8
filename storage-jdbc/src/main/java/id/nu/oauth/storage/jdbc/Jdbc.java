package id.nu.oauth.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Borrows connections and runs work on them: single statements in auto-commit, several statements
 * in one short transaction. Any failure rolls back and becomes a {@link JdbcStorageException}; the
 * connection goes back to the pool in the auto-commit state it came in.
 */
final class Jdbc {

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work in a transaction that may decide to write nothing. */
    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Connection connection, Transaction transaction) throws SQLException;
    }

    /** Lets transactional work ask for its changes to be rolled back instead of committed. */
    static final class Transaction {
        private boolean rollbackOnly;

        void setRollbackOnly() {
            rollbackOnly = true;
        }
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs statements each committed on its own (the guarantees of each are in its SQL).
     *
     * @param operation names the operation in an error message; never a token or hash
     */
    <T> T autoCommit(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean wasAutoCommit = connection.getAutoCommit();
            if (!wasAutoCommit) {
                connection.setAutoCommit(true);
            }
            try {
                return work.run(connection);
            } finally {
                if (!wasAutoCommit) {
                    connection.setAutoCommit(false);
                }
            }
        } catch (SQLException e) {
            throw new JdbcStorageException("nuid-oauth storage: " + operation + " failed", e);
        }
    }

    /** Runs statements in one transaction: all of them take effect, or none. */
    <T> T transaction(String operation, TransactionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean wasAutoCommit = connection.getAutoCommit();
            if (wasAutoCommit) {
                connection.setAutoCommit(false);
            }
            try {
                Transaction transaction = new Transaction();
                T result = work.run(connection, transaction);
                if (transaction.rollbackOnly) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                if (wasAutoCommit) {
                    restoreAutoCommit(connection);
                }
            }
        } catch (SQLException e) {
            throw new JdbcStorageException("nuid-oauth storage: " + operation + " failed, rolled back", e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            // the connection is broken; the database drops the transaction with it
            failure.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // a broken connection; the pool discards it
        }
    }
}
