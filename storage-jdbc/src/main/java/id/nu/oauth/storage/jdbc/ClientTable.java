package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.AccessTokenFormat;
import id.nu.oauth.storage.Client;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.ClientType;
import id.nu.oauth.storage.GrantType;
import id.nu.oauth.storage.RefreshPolicy;
import id.nu.oauth.storage.SecretHash;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link ClientStore} on {@code nuid_oauth_client}; the secret only as {@link SecretHash#encoded()}. */
final class ClientTable implements ClientStore {

    private static final List<String> COLUMNS = List.of("client_id", "client_type", "secret_hash", "name",
            "redirect_uris", "allowed_scopes", "default_scopes", "grant_types", "refresh_policy", "require_pkce",
            "allow_plain_pkce", "first_party", "access_token_format");

    private static final String FIND = "SELECT " + String.join(", ", COLUMNS)
            + " FROM nuid_oauth_client WHERE client_id = ?";

    private final Jdbc jdbc;
    private final String upsert;

    ClientTable(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.upsert = dialect.upsert("nuid_oauth_client", COLUMNS, List.of("client_id"));
    }

    @Override
    public Optional<Client> find(String clientId) {
        return jdbc.autoCommit("find client", c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Client>empty();
                }
            }
        });
    }

    @Override
    public void save(Client client) {
        jdbc.autoCommit("save client", c -> {
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                int i = 0;
                ps.setString(++i, client.clientId());
                ps.setString(++i, client.type().name());
                Columns.setNullableString(ps, ++i, client.secretHash() == null ? null : client.secretHash().encoded());
                ps.setString(++i, client.name());
                ps.setString(++i, Columns.joinInOrder(client.redirectUris()));
                ps.setString(++i, Columns.joinSorted(client.allowedScopes()));
                ps.setString(++i, Columns.joinSorted(client.defaultScopes()));
                ps.setString(++i, Columns.joinSorted(client.grantTypes().stream().map(GrantType::name).toList()));
                ps.setString(++i, client.refreshPolicy().name());
                ps.setBoolean(++i, client.requirePkce());
                ps.setBoolean(++i, client.allowPlainPkce());
                ps.setBoolean(++i, client.firstParty());
                ps.setString(++i, client.accessTokenFormat().name());
                return ps.executeUpdate();
            }
        });
    }

    private static Client read(ResultSet rs) throws java.sql.SQLException {
        String secret = rs.getString("secret_hash");
        Set<GrantType> grantTypes = EnumSet.noneOf(GrantType.class);
        for (String name : Columns.splitList(rs.getString("grant_types"))) {
            grantTypes.add(GrantType.valueOf(name));
        }
        return new Client(
                rs.getString("client_id"),
                ClientType.valueOf(rs.getString("client_type")),
                secret == null ? null : SecretHash.parse(secret),
                rs.getString("name"),
                Columns.splitList(rs.getString("redirect_uris")),
                Columns.splitSet(rs.getString("allowed_scopes")),
                Columns.splitSet(rs.getString("default_scopes")),
                grantTypes,
                RefreshPolicy.valueOf(rs.getString("refresh_policy")),
                rs.getBoolean("require_pkce"),
                rs.getBoolean("allow_plain_pkce"),
                rs.getBoolean("first_party"),
                AccessTokenFormat.valueOf(rs.getString("access_token_format")));
    }
}
