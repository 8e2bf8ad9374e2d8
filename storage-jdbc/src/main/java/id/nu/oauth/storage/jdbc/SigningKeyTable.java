package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.SigningKeyStore;
import id.nu.oauth.storage.StoredSigningKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link SigningKeyStore} on {@code nuid_oauth_signing_key}. {@link #add} is one INSERT, committed at
 * once: the primary key ({@code key_id}) and the unique {@code (algorithm, generation)} let exactly one
 * of any number of concurrent inserts of a generation succeed, whichever node sends it (PostgreSQL:
 * {@code ON CONFLICT DO NOTHING}; H2: the others fail on the constraint, read as "taken").
 */
final class SigningKeyTable implements SigningKeyStore {

    private static final String COLUMNS = "key_id, algorithm, generation, activates_at, expires_at, encrypted_key";

    private static final String FIND_ALL = "SELECT " + COLUMNS + " FROM nuid_oauth_signing_key "
            + "ORDER BY algorithm, generation";

    private final Jdbc jdbc;
    private final String insert;

    SigningKeyTable(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.insert = dialect.insertUnlessPresent("nuid_oauth_signing_key", COLUMNS, 6);
    }

    @Override
    public List<StoredSigningKey> findAll() {
        return jdbc.autoCommit("find signing keys", c -> {
            List<StoredSigningKey> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(FIND_ALL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new StoredSigningKey(rs.getString("key_id"), rs.getString("algorithm"),
                            rs.getLong("generation"), Columns.getInstant(rs, "activates_at"),
                            Columns.getInstant(rs, "expires_at"), rs.getString("encrypted_key")));
                }
            }
            return keys;
        });
    }

    @Override
    public boolean add(StoredSigningKey key) {
        Objects.requireNonNull(key, "key");
        return jdbc.autoCommit("add signing key", c -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, key.keyId());
                ps.setString(2, key.algorithm());
                ps.setLong(3, key.generation());
                Columns.setInstant(ps, 4, key.activatesAt());
                Columns.setInstant(ps, 5, key.expiresAt());
                ps.setString(6, key.encryptedKey());
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if (SingleUseTable.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false; // another node added this generation (or this kid) first
                }
                throw e;
            }
        });
    }
}
