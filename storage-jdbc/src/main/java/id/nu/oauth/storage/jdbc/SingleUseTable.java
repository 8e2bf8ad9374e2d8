package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.SingleUseKind;
import id.nu.oauth.storage.SingleUseStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link SingleUseStore} on {@code nuid_oauth_single_use}. {@link #markUsed} is one INSERT, committed
 * at once: the primary key {@code (kind, value_hash)} lets exactly one of any number of concurrent
 * inserts succeed, whichever node sends it. On PostgreSQL the others are {@code ON CONFLICT DO NOTHING}
 * (no row inserted); on H2 they fail on the key, which here means "used before".
 */
final class SingleUseTable implements SingleUseStore {

    /** SQLSTATE of a unique or primary key violation (SQL standard; PostgreSQL and H2 both use it). */
    static final String UNIQUE_VIOLATION = "23505";

    private final Jdbc jdbc;
    private final String insert;

    SingleUseTable(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.insert = dialect.insertUnlessPresent("nuid_oauth_single_use", "kind, value_hash, expires_at", 3);
    }

    @Override
    public boolean markUsed(SingleUseKind kind, String valueHash, Instant keepUntil) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(valueHash, "valueHash");
        Objects.requireNonNull(keepUntil, "keepUntil");
        return jdbc.autoCommit("mark a single-use value used", c -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, kind.name());
                ps.setString(2, valueHash);
                Columns.setInstant(ps, 3, keepUntil);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false; // another caller inserted it first
                }
                throw e;
            }
        });
    }
}
