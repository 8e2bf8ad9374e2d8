package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.TokenStatus;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.TokenStore} guarantees for {@code find}, {@code save} and
 * {@code revoke}: a saved token is found as saved; {@code revoke} marks one token revoked and says
 * whether it existed. Rotation and renewal are in {@link RefreshTokenContract}.
 *
 * <pre>{@code
 * class MyTokenStoreTest extends TokenStoreContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class TokenStoreContract extends StorageContractSupport {

    @Test
    void saveThenFindReturnsTheTokenAsSaved() {
        Issued issued = issue();
        Token access = newAccessToken(issued.grant());
        Token refresh = newRefreshToken(issued.grant());

        storage.tokens().save(access);
        storage.tokens().save(refresh);

        assertThat(found(access)).contains(access);
        assertThat(found(refresh)).contains(refresh);
    }

    @Test
    void anAudienceRestrictedTokenKeepsItsResourcesWhenRevoked_rfc8707_2() {
        Issued issued = issue();
        Token access = Token.builder(newHash(), TokenKind.ACCESS)
                .grant(issued.grant().grantId(), CLIENT_ID, SUBJECT).scopes(Set.of("openid"))
                .lifetime(now(), now().plus(ACCESS_LIFETIME), now().plus(ACCESS_LIFETIME))
                .resources(Set.of("https://api.example.org/")).build();
        storage.tokens().save(access);

        assertThat(found(access)).contains(access);
        storage.tokens().revoke(access.tokenHash());
        assertThat(found(access).orElseThrow().resources()).containsExactly("https://api.example.org/");
    }

    @Test
    void tokensBoundToADpopKeyWithResourcesRoundTripThroughCreateRotateAndRenew_rfc9449_6_1_rfc8707_2() {
        // RFC 9449 §6.1: a token keeps the thumbprint of the key it is bound to; RFC 8707 §2: and the
        // resources it is for. Every way a token reaches the store keeps both.
        String jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiGQA4I";
        Set<String> resources = Set.of("https://api.example.org/", "urn:example:ledger");
        Grant grant = Grant.builder(newHash()).client(CLIENT_ID).subject(SUBJECT).scopes(Set.of("openid"))
                .authTime(now()).lifetime(now(), now().plus(GRANT_LIFETIME)).resources(resources).build();
        Token access = bound(grant, TokenKind.ACCESS, jkt, Set.of("https://api.example.org/"));
        Token refresh = bound(grant, TokenKind.REFRESH, jkt, resources);
        assertThat(storage.grants().createFromCode(grant, java.util.List.of(access, refresh))).isTrue();

        assertThat(found(access)).contains(access);
        assertThat(found(refresh)).contains(refresh);
        var withGrant = storage.findTokenWithGrant(refresh.tokenHash()).orElseThrow();
        assertThat(withGrant.token()).isEqualTo(refresh);
        assertThat(withGrant.token().jkt()).isEqualTo(jkt);
        assertThat(withGrant.grant().resources()).isEqualTo(resources);

        Token nextAccess = bound(grant, TokenKind.ACCESS, jkt, Set.of("urn:example:ledger"));
        Token nextRefresh = bound(grant, TokenKind.REFRESH, jkt, resources);
        assertThat(storage.tokens().rotate(refresh.tokenHash(), java.util.List.of(nextAccess, nextRefresh), now()))
                .isInstanceOf(id.nu.oauth.storage.RotateResult.Rotated.class);
        assertThat(found(nextAccess)).contains(nextAccess);
        assertThat(found(nextRefresh)).contains(nextRefresh);

        Token renewedAccess = bound(grant, TokenKind.ACCESS, jkt, Set.of("https://api.example.org/"));
        assertThat(storage.tokens().renew(nextRefresh.tokenHash(), now().plus(REFRESH_IDLE),
                java.util.List.of(renewedAccess), now())).isTrue();
        assertThat(found(renewedAccess)).contains(renewedAccess);
        assertThat(found(renewedAccess).orElseThrow().senderConstrained()).isTrue();
    }

    @Test
    void tokensBoundToATlsCertificateRoundTripThroughCreateRotateAndRenew_rfc8705_3_1() {
        // RFC 8705 §3.1: a token keeps the x5t#S256 of the certificate it is bound to, on every way in
        String x5t = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2";
        Grant grant = Grant.builder(newHash()).client(CLIENT_ID).subject(SUBJECT).scopes(Set.of("openid"))
                .authTime(now()).lifetime(now(), now().plus(GRANT_LIFETIME)).build();
        Token access = certificateBound(grant, TokenKind.ACCESS, x5t);
        Token refresh = certificateBound(grant, TokenKind.REFRESH, x5t);
        assertThat(storage.grants().createFromCode(grant, java.util.List.of(access, refresh))).isTrue();

        assertThat(found(access)).contains(access);
        assertThat(found(access).orElseThrow().x5t()).isEqualTo(x5t);
        assertThat(found(access).orElseThrow().certificateBound()).isTrue();
        assertThat(found(access).orElseThrow().senderConstrained()).isFalse();
        assertThat(storage.findTokenWithGrant(refresh.tokenHash()).orElseThrow().token()).isEqualTo(refresh);

        Token nextAccess = certificateBound(grant, TokenKind.ACCESS, x5t);
        Token nextRefresh = certificateBound(grant, TokenKind.REFRESH, x5t);
        assertThat(storage.tokens().rotate(refresh.tokenHash(), java.util.List.of(nextAccess, nextRefresh), now()))
                .isInstanceOf(id.nu.oauth.storage.RotateResult.Rotated.class);
        assertThat(found(nextAccess)).contains(nextAccess);
        assertThat(found(nextRefresh)).contains(nextRefresh);

        Token renewedAccess = certificateBound(grant, TokenKind.ACCESS, x5t);
        assertThat(storage.tokens().renew(nextRefresh.tokenHash(), now().plus(REFRESH_IDLE),
                java.util.List.of(renewedAccess), now())).isTrue();
        assertThat(found(renewedAccess)).contains(renewedAccess);

        Token clientToken = certificateBound(grant, TokenKind.ACCESS, x5t);
        storage.tokens().save(clientToken);
        assertThat(found(clientToken).orElseThrow().x5t()).isEqualTo(x5t);
    }

    private Token certificateBound(Grant grant, TokenKind kind, String x5t) {
        java.time.Duration life = kind == TokenKind.ACCESS ? ACCESS_LIFETIME : REFRESH_IDLE;
        return Token.builder(newHash(), kind).grant(grant.grantId(), CLIENT_ID, SUBJECT).scopes(Set.of("openid"))
                .lifetime(now(), now().plus(life), kind == TokenKind.ACCESS ? now().plus(life) : grant.expiresAt())
                .boundToCertificate(x5t).build();
    }

    private Token bound(Grant grant, TokenKind kind, String jkt, Set<String> resources) {
        java.time.Duration life = kind == TokenKind.ACCESS ? ACCESS_LIFETIME : REFRESH_IDLE;
        return Token.builder(newHash(), kind).grant(grant.grantId(), CLIENT_ID, SUBJECT).scopes(Set.of("openid"))
                .lifetime(now(), now().plus(life), kind == TokenKind.ACCESS ? now().plus(life) : grant.expiresAt())
                .boundTo(jkt).resources(resources).build();
    }

    @Test
    void aTokenWithoutSubjectOrScopesRoundTrips() {
        Grant grant = new Grant(newHash(), CLIENT_ID, null, Set.of(), null, now(), now().plus(ACCESS_LIFETIME), null);
        storage.grants().create(grant, java.util.List.of());
        Token access = Token.active(newHash(), TokenKind.ACCESS, grant.grantId(), CLIENT_ID, null, Set.of(),
                now(), grant.expiresAt(), grant.expiresAt());

        storage.tokens().save(access);

        assertThat(found(access)).contains(access);
    }

    @Test
    void findOfAnUnknownTokenIsEmpty() {
        issue();

        assertThat(storage.tokens().find(newHash())).isEmpty();
    }

    @Test
    void findIsByExactHash() {
        Issued issued = issue();
        String hash = issued.access().tokenHash();

        assertThat(storage.tokens().find(hash.toUpperCase())).isEmpty();
        assertThat(storage.tokens().find(hash.substring(1))).isEmpty();
    }

    @Test
    void anExpiredTokenIsStillFoundUntilPurgedButIsNotUsable() {
        // The store reports; the caller decides with Token.isUsableAt. Expiry alone changes no status.
        Issued issued = issue();

        advance(ACCESS_LIFETIME.plusSeconds(1));

        assertThat(statusOf(issued.access())).isIn(TokenStatus.ACTIVE, null);
        assertThat(usable(issued.access())).isFalse();
        assertThat(usable(issued.refresh())).isTrue();
    }

    @Test
    void revokeMarksTheTokenRevokedAndReturnsTrue_rfc7009_2_1() {
        Issued issued = issue();

        assertThat(storage.tokens().revoke(issued.access().tokenHash())).isTrue();

        assertThat(found(issued.access())).contains(issued.access().withStatus(TokenStatus.REVOKED));
        assertThat(usable(issued.access())).isFalse();
    }

    @Test
    void revokeOfAnUnknownTokenReturnsFalse() {
        assertThat(storage.tokens().revoke(newHash())).isFalse();
    }

    @Test
    void revokingTwiceStillFindsItRevoked() {
        Issued issued = issue();
        storage.tokens().revoke(issued.refresh().tokenHash());

        assertThat(storage.tokens().revoke(issued.refresh().tokenHash())).isTrue();
        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void revokeTouchesOnlyThatToken() {
        // RFC 7009 §2.1: revoking an access token need not revoke its grant; the store revokes one token.
        Issued issued = issue();

        storage.tokens().revoke(issued.access().tokenHash());

        assertThat(found(issued.refresh())).contains(issued.refresh());
        assertThat(storage.grants().find(issued.grant().grantId()).orElseThrow().revoked()).isFalse();
    }
}
