package id.nu.oauth.storage.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How values are written to and read from columns.
 *
 * <ul>
 * <li>Instants are {@code TIMESTAMP WITH TIME ZONE}, kept to the microsecond (PostgreSQL's precision;
 *     finer parts are dropped on writing).
 * <li>Sets and lists of words (scopes, redirect URIs, grant types) are one text column, the words
 *     separated by single spaces: none of them can contain a space (RFC 6749 §3.3 scope tokens,
 *     RFC 3986 URIs). Sets are written sorted, lists in their order; an empty one is {@code ''}.
 * </ul>
 */
final class Columns {

    private Columns() {
    }

    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static void setNullableString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** A set of words as one column value: sorted, space-separated. */
    static String joinSorted(Collection<String> words) {
        return join(new TreeSet<>(words));
    }

    /** A list of words as one column value, in order, space-separated. */
    static String joinInOrder(List<String> words) {
        return join(words);
    }

    private static String join(Collection<String> words) {
        for (String word : words) {
            if (word.isEmpty() || word.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("a stored scope, URI or name cannot be empty or contain a space");
            }
        }
        return String.join(" ", words);
    }

    static Set<String> splitSet(String column) {
        return new LinkedHashSet<>(splitList(column));
    }

    static List<String> splitList(String column) {
        List<String> words = new ArrayList<>();
        if (column == null) {
            return words;
        }
        for (String word : column.split(" ")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
