package id.nu.oauth.storage.jdbc;

import java.io.PrintWriter;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource in front of a real one that counts the statements and commits sent through it (each
 * statement this module prepares is executed once, so that is its number of round trips) and can be
 * told to fail: the n-th statement from now, or the next commit. A failure either only throws, or
 * first closes the real connection, as a dropped network link would.
 *
 * <p>Hand-written delegation, no dynamic proxies.
 */
final class InstrumentedDataSource implements DataSource {

    /** How an injected failure behaves. */
    enum Failure {
        /** The driver throws; the connection stays usable. */
        THROW,
        /** The connection dies first (the database rolls back the open transaction itself). */
        DROP
    }

    private final DataSource target;
    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private volatile int failAtStatement = -1;
    private volatile boolean failAtCommit;
    private volatile Failure failure = Failure.THROW;

    InstrumentedDataSource(DataSource target) {
        this.target = target;
    }

    /** The statements prepared or created since the last {@link #reset()}. */
    int statements() {
        return statements.get();
    }

    /** The commits since the last {@link #reset()}. */
    int commits() {
        return commits.get();
    }

    /** Forgets counts and armed failures. */
    void reset() {
        statements.set(0);
        commits.set(0);
        failAtStatement = -1;
        failAtCommit = false;
    }

    /** The {@code n}-th statement prepared from now (1 is the next) fails. */
    void failAtStatement(int n, Failure how) {
        reset();
        failure = how;
        failAtStatement = n;
    }

    /** The next commit fails. */
    void failAtCommit(Failure how) {
        reset();
        failure = how;
        failAtCommit = true;
    }

    private void beforeStatement(Connection real) throws SQLException {
        int n = statements.incrementAndGet();
        if (n == failAtStatement) {
            failAtStatement = -1;
            fail(real, "statement " + n);
        }
    }

    private void beforeCommit(Connection real) throws SQLException {
        commits.incrementAndGet();
        if (failAtCommit) {
            failAtCommit = false;
            fail(real, "commit");
        }
    }

    private void fail(Connection real, String where) throws SQLException {
        if (failure == Failure.DROP) {
            real.close();
            throw new SQLException("injected: connection lost before " + where, "08006");
        }
        throw new SQLException("injected: failure at " + where, "XX000");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new InstrumentedConnection(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return new InstrumentedConnection(target.getConnection(username, password));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return target.isWrapperFor(iface);
    }

    private final class InstrumentedConnection implements Connection {
        private final Connection real;

        InstrumentedConnection(Connection real) {
            this.real = real;
        }

        @Override
        public Statement createStatement() throws SQLException {
            beforeStatement(real);
            return real.createStatement();
        }

        @Override
        public PreparedStatement prepareStatement(String sql) throws SQLException {
            beforeStatement(real);
            return real.prepareStatement(sql);
        }

        @Override
        public CallableStatement prepareCall(String sql) throws SQLException {
            beforeStatement(real);
            return real.prepareCall(sql);
        }

        @Override
        public String nativeSQL(String sql) throws SQLException {
            return real.nativeSQL(sql);
        }

        @Override
        public void setAutoCommit(boolean autoCommit) throws SQLException {
            real.setAutoCommit(autoCommit);
        }

        @Override
        public boolean getAutoCommit() throws SQLException {
            return real.getAutoCommit();
        }

        @Override
        public void commit() throws SQLException {
            beforeCommit(real);
            real.commit();
        }

        @Override
        public void rollback() throws SQLException {
            real.rollback();
        }

        @Override
        public void close() throws SQLException {
            real.close();
        }

        @Override
        public boolean isClosed() throws SQLException {
            return real.isClosed();
        }

        @Override
        public DatabaseMetaData getMetaData() throws SQLException {
            return real.getMetaData();
        }

        @Override
        public void setReadOnly(boolean readOnly) throws SQLException {
            real.setReadOnly(readOnly);
        }

        @Override
        public boolean isReadOnly() throws SQLException {
            return real.isReadOnly();
        }

        @Override
        public void setCatalog(String catalog) throws SQLException {
            real.setCatalog(catalog);
        }

        @Override
        public String getCatalog() throws SQLException {
            return real.getCatalog();
        }

        @Override
        public void setTransactionIsolation(int level) throws SQLException {
            real.setTransactionIsolation(level);
        }

        @Override
        public int getTransactionIsolation() throws SQLException {
            return real.getTransactionIsolation();
        }

        @Override
        public SQLWarning getWarnings() throws SQLException {
            return real.getWarnings();
        }

        @Override
        public void clearWarnings() throws SQLException {
            real.clearWarnings();
        }

        @Override
        public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
            beforeStatement(real);
            return real.createStatement(resultSetType, resultSetConcurrency);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
                throws SQLException {
            beforeStatement(real);
            return real.prepareStatement(sql, resultSetType, resultSetConcurrency);
        }

        @Override
        public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
                throws SQLException {
            beforeStatement(real);
            return real.prepareCall(sql, resultSetType, resultSetConcurrency);
        }

        @Override
        public Map<String, Class<?>> getTypeMap() throws SQLException {
            return real.getTypeMap();
        }

        @Override
        public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
            real.setTypeMap(map);
        }

        @Override
        public void setHoldability(int holdability) throws SQLException {
            real.setHoldability(holdability);
        }

        @Override
        public int getHoldability() throws SQLException {
            return real.getHoldability();
        }

        @Override
        public Savepoint setSavepoint() throws SQLException {
            return real.setSavepoint();
        }

        @Override
        public Savepoint setSavepoint(String name) throws SQLException {
            return real.setSavepoint(name);
        }

        @Override
        public void rollback(Savepoint savepoint) throws SQLException {
            real.rollback(savepoint);
        }

        @Override
        public void releaseSavepoint(Savepoint savepoint) throws SQLException {
            real.releaseSavepoint(savepoint);
        }

        @Override
        public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
                throws SQLException {
            beforeStatement(real);
            return real.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                int resultSetHoldability) throws SQLException {
            beforeStatement(real);
            return real.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
        }

        @Override
        public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                int resultSetHoldability) throws SQLException {
            beforeStatement(real);
            return real.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
            beforeStatement(real);
            return real.prepareStatement(sql, autoGeneratedKeys);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
            beforeStatement(real);
            return real.prepareStatement(sql, columnIndexes);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
            beforeStatement(real);
            return real.prepareStatement(sql, columnNames);
        }

        @Override
        public Clob createClob() throws SQLException {
            return real.createClob();
        }

        @Override
        public Blob createBlob() throws SQLException {
            return real.createBlob();
        }

        @Override
        public NClob createNClob() throws SQLException {
            return real.createNClob();
        }

        @Override
        public SQLXML createSQLXML() throws SQLException {
            return real.createSQLXML();
        }

        @Override
        public boolean isValid(int timeout) throws SQLException {
            return real.isValid(timeout);
        }

        @Override
        public void setClientInfo(String name, String value) throws SQLClientInfoException {
            real.setClientInfo(name, value);
        }

        @Override
        public void setClientInfo(Properties properties) throws SQLClientInfoException {
            real.setClientInfo(properties);
        }

        @Override
        public String getClientInfo(String name) throws SQLException {
            return real.getClientInfo(name);
        }

        @Override
        public Properties getClientInfo() throws SQLException {
            return real.getClientInfo();
        }

        @Override
        public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
            return real.createArrayOf(typeName, elements);
        }

        @Override
        public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
            return real.createStruct(typeName, attributes);
        }

        @Override
        public void setSchema(String schema) throws SQLException {
            real.setSchema(schema);
        }

        @Override
        public String getSchema() throws SQLException {
            return real.getSchema();
        }

        @Override
        public void abort(Executor executor) throws SQLException {
            real.abort(executor);
        }

        @Override
        public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
            real.setNetworkTimeout(executor, milliseconds);
        }

        @Override
        public int getNetworkTimeout() throws SQLException {
            return real.getNetworkTimeout();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return real.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return real.isWrapperFor(iface);
        }
    }
}
