package id.nu.oauth.bench.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL (zonky) in a data directory of our choice, with the helpers the PostgreSQL
 * benchmarks share: a HikariCP pool, the CPU time of the server's processes read from
 * {@code /proc}, and the size of each nuid-oauth table and index.
 */
final class Pg implements AutoCloseable {

    final EmbeddedPostgres server;
    final Path dataDirectory;
    final long postmasterPid;

    private Pg(EmbeddedPostgres server, Path dataDirectory) throws IOException {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.postmasterPid = ProcessCpu.postmasterPid(dataDirectory);
    }

    /** Starts a fresh server in {@code dir} (emptied first), with {@code settings} as {@code -c} options. */
    static Pg start(Path dir, Map<String, String> settings) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dir)
                .setCleanDataDirectory(true).setServerConfig("max_connections", "100");
        settings.forEach(builder::setServerConfig);
        return new Pg(builder.start(), dir);
    }

    HikariDataSource pool(int size) {
        return pool(size, null);
    }

    /** A pool whose every new connection first runs {@code initSql} (or nothing). */
    HikariDataSource pool(int size, String initSql) {
        HikariConfig config = new HikariConfig();
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres");
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    /** CPU time (ns) of the postmaster and every process it has forked ({@link ProcessCpu}). */
    long cpuNanos() {
        return ProcessCpu.treeNanos(postmasterPid);
    }

    /** One table's sizes (bytes) and row counts from the statistics collector. */
    record TableSize(String table, long heap, long indexes, long total, long liveTuples, long deadTuples,
            long autovacuums) {
    }

    /** Every {@code nuid_oauth_%} table, largest first. */
    static List<TableSize> tableSizes(Connection c) throws SQLException {
        List<TableSize> sizes = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT relname, pg_relation_size(relid), pg_indexes_size(relid), "
                        + "pg_total_relation_size(relid), n_live_tup, n_dead_tup, autovacuum_count "
                        + "FROM pg_stat_user_tables WHERE relname LIKE 'nuid_oauth_%' "
                        + "ORDER BY pg_total_relation_size(relid) DESC, relname")) {
            while (rs.next()) {
                sizes.add(new TableSize(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7)));
            }
        }
        return sizes;
    }

    /** Each index of the nuid-oauth tables with its size (bytes), by table. */
    static Map<String, Long> indexSizes(Connection c) throws SQLException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT indexrelname, pg_relation_size(indexrelid) FROM pg_stat_user_indexes "
                        + "WHERE relname LIKE 'nuid_oauth_%' ORDER BY relname, indexrelname")) {
            while (rs.next()) {
                sizes.put(rs.getString(1), rs.getLong(2));
            }
        }
        return sizes;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
