package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.TokenStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.GrantStore} guarantees: {@code create} stores a grant with its
 * first tokens; {@code find} returns it as stored; {@code revoke} returns {@code true} once and from
 * then on {@link id.nu.oauth.storage.TokenStore#find} reports every token of the grant
 * {@link TokenStatus#REVOKED}, including tokens saved after the revocation.
 *
 * <p>"All or nothing" cannot be forced on every store from outside; what is checked is the
 * observable part: after {@code create} returns, the grant and every token are there, and a
 * {@code create} that fails (an existing grant id) leaves none of its tokens behind.
 *
 * <pre>{@code
 * class MyGrantStoreTest extends GrantStoreContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class GrantStoreContract extends StorageContractSupport {

    @Test
    void createStoresTheGrantAndItsTokens() {
        Grant grant = newGrant();
        Token access = newAccessToken(grant);
        Token refresh = newRefreshToken(grant);

        storage.grants().create(grant, List.of(access, refresh));

        assertThat(storage.grants().find(grant.grantId())).contains(grant);
        assertThat(found(access)).contains(access);
        assertThat(found(refresh)).contains(refresh);
    }

    @Test
    void aGrantWithResourcesAcrAndClaimsAndItsAudienceRestrictedTokensRoundTrip_rfc8707() {
        Grant grant = Grant.builder(newHash()).client(CLIENT_ID).subject(SUBJECT).scopes(Set.of("openid"))
                .authTime(now()).lifetime(now(), now().plus(GRANT_LIFETIME))
                .resources(Set.of("https://api.example.org/", "https://ledger.example.org/"))
                .acr("urn:nuid:acr:mfa").claims("{\"userinfo\":{\"email\":null}}").build();
        Token access = Token.builder(newHash(), TokenKind.ACCESS).grant(grant.grantId(), CLIENT_ID, SUBJECT)
                .scopes(Set.of("openid")).lifetime(now(), now().plus(ACCESS_LIFETIME), now().plus(ACCESS_LIFETIME))
                .resources(Set.of("https://api.example.org/")).build();
        Token refresh = Token.builder(newHash(), TokenKind.REFRESH).grant(grant.grantId(), CLIENT_ID, SUBJECT)
                .scopes(Set.of("openid")).lifetime(now(), now().plus(ACCESS_LIFETIME), now().plus(GRANT_LIFETIME))
                .resources(grant.resources()).build();

        storage.grants().create(grant, List.of(access, refresh));

        assertThat(storage.grants().find(grant.grantId())).contains(grant);
        assertThat(found(access)).contains(access);
        assertThat(found(refresh)).contains(refresh);
        assertThat(found(access).orElseThrow().resources()).containsExactly("https://api.example.org/");
        var withGrant = storage.findTokenWithGrant(refresh.tokenHash()).orElseThrow();
        assertThat(withGrant.token()).isEqualTo(refresh);
        assertThat(withGrant.grant()).isEqualTo(grant);
    }

    @Test
    void createWithoutTokensStoresTheGrant() {
        Grant grant = newGrant();

        storage.grants().create(grant, List.of());

        assertThat(storage.grants().find(grant.grantId())).contains(grant);
    }

    @Test
    void aClientCredentialsGrantWithoutUserOrScopesRoundTrips() {
        // RFC 6749 §4.4: the client acts for itself: no subject, no auth time, possibly no scope.
        Grant grant = new Grant(newHash(), CLIENT_ID, null, Set.of(), null, now(), now().plus(ACCESS_LIFETIME), null);
        Token access = Token.active(newHash(), TokenKind.ACCESS, grant.grantId(), CLIENT_ID, null, Set.of(),
                now(), grant.expiresAt(), grant.expiresAt());

        storage.grants().create(grant, List.of(access));

        assertThat(storage.grants().find(grant.grantId())).contains(grant);
        assertThat(found(access)).contains(access);
    }

    @Test
    void createRefusesAnExistingGrantIdAndStoresNoneOfItsTokens() {
        Issued first = issue();
        Grant impostor = new Grant(first.grant().grantId(), OTHER_CLIENT_ID, "someone-else", Set.of("openid"),
                now(), now(), now().plus(GRANT_LIFETIME), null);
        Token impostorToken = newAccessToken(impostor);

        assertThatThrownBy(() -> storage.grants().create(impostor, List.of(impostorToken)))
                .isInstanceOf(RuntimeException.class);

        assertThat(storage.grants().find(first.grant().grantId())).contains(first.grant());
        assertThat(found(impostorToken)).isEmpty();
        assertThat(found(first.access())).contains(first.access());
    }

    @Test
    void createCannotBringARevokedGrantBackToLife() {
        Issued issued = issue();
        storage.grants().revoke(issued.grant().grantId(), now());
        Token fresh = newAccessToken(issued.grant());

        try {
            storage.grants().create(issued.grant(), List.of(fresh));
        } catch (RuntimeException expected) {
            // refusing the existing id is the expected way to keep it revoked
        }

        assertThat(storage.grants().find(issued.grant().grantId()).orElseThrow().revoked()).isTrue();
        assertThat(usable(issued.access())).isFalse();
        assertThat(usable(fresh)).isFalse();
    }

    @Test
    void findOfAnUnknownGrantIsEmpty() {
        assertThat(storage.grants().find(newHash())).isEmpty();
    }

    @Test
    void revokeReturnsTrueOnceAndRecordsWhen() {
        Issued issued = issue();
        Instant when = now().plusSeconds(7);

        assertThat(storage.grants().revoke(issued.grant().grantId(), when)).isTrue();
        assertThat(storage.grants().revoke(issued.grant().grantId(), when.plusSeconds(1))).isFalse();

        Grant revoked = storage.grants().find(issued.grant().grantId()).orElseThrow();
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.revokedAt()).isEqualTo(when);
        assertThat(revoked).isEqualTo(new Grant(issued.grant().grantId(), issued.grant().clientId(),
                issued.grant().subject(), issued.grant().scopes(), issued.grant().authTime(),
                issued.grant().createdAt(), issued.grant().expiresAt(), when));
    }

    @Test
    void revokeOfAnUnknownGrantReturnsFalse() {
        assertThat(storage.grants().revoke(newHash(), now())).isFalse();
    }

    @Test
    void revokeMarksEveryTokenOfTheGrantRevoked_rfc6749_4_1_2() {
        // RFC 6749 §4.1.2: on code replay the server SHOULD revoke all tokens issued from that code.
        Issued issued = issue();
        Token saved = newAccessToken(issued.grant());
        storage.tokens().save(saved);

        storage.grants().revoke(issued.grant().grantId(), now());

        assertThat(statusOf(issued.access())).isEqualTo(TokenStatus.REVOKED);
        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.REVOKED);
        assertThat(statusOf(saved)).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void tokensSavedAfterTheRevocationAreRevokedToo() {
        // A request that passed its checks before the revocation may still save tokens after it:
        // they must be born revoked.
        Issued issued = issue();
        storage.grants().revoke(issued.grant().grantId(), now());

        Token late = newAccessToken(issued.grant());
        Token lateRefresh = newRefreshToken(issued.grant());
        storage.tokens().save(late);
        storage.tokens().save(lateRefresh);

        assertThat(statusOf(late)).isEqualTo(TokenStatus.REVOKED);
        assertThat(statusOf(lateRefresh)).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void revokeAlsoCoversTokensRetiredByRotation_rfc9700_4_14_2() {
        Issued issued = issue();
        List<Token> next = successors(issued.refresh());
        storage.tokens().rotate(issued.refresh().tokenHash(), next, now());

        storage.grants().revoke(issued.grant().grantId(), now());

        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.REVOKED);
        assertThat(next).allSatisfy(t -> assertThat(statusOf(t)).isEqualTo(TokenStatus.REVOKED));
    }

    @Test
    void revokedTokensKeepTheirOtherFields() {
        Issued issued = issue();

        storage.grants().revoke(issued.grant().grantId(), now());

        assertThat(found(issued.refresh())).contains(issued.refresh().withStatus(TokenStatus.REVOKED));
    }

    @Test
    void revokeLeavesOtherGrantsAlone() {
        Issued revoked = issue();
        Issued other = issue();

        storage.grants().revoke(revoked.grant().grantId(), now());

        assertThat(storage.grants().find(other.grant().grantId())).contains(other.grant());
        assertThat(found(other.access())).contains(other.access());
        assertThat(found(other.refresh())).contains(other.refresh());
    }

    @Test
    void aGrantWithoutTokensCanBeRevoked() {
        Grant grant = newGrant(Duration.ofHours(1));
        storage.grants().create(grant, List.of());

        assertThat(storage.grants().revoke(grant.grantId(), now())).isTrue();
        assertThat(storage.grants().find(grant.grantId()).orElseThrow().revokedAt()).isEqualTo(now());
    }

    // ---- login sessions (OpenID Connect Back-Channel Logout 1.0 §2.1 sid, §2.7) ----

    /** A grant of {@code subject} to {@code clientId} made in the login session {@code sid}. */
    private Grant sessionGrant(String clientId, String subject, String sid) {
        return new Grant(newHash(), clientId, subject, Set.of("openid"), now().minusSeconds(30), now(),
                now().plus(GRANT_LIFETIME), null, sid);
    }

    @Test
    void aGrantKeepsItsLoginSession() {
        Grant made = sessionGrant(CLIENT_ID, SUBJECT, "sid-1");
        Grant fromCode = sessionGrant(OTHER_CLIENT_ID, SUBJECT, "sid-1");

        storage.grants().create(made, List.of(newAccessToken(made)));
        storage.grants().createFromCode(fromCode, List.of(newAccessToken(fromCode)));

        assertThat(storage.grants().find(made.grantId()).orElseThrow().sessionId()).isEqualTo("sid-1");
        assertThat(storage.grants().find(fromCode.grantId()).orElseThrow().sessionId()).isEqualTo("sid-1");
    }

    @Test
    void aCodeKeepsItsLoginSession() {
        AuthorizationCode code = AuthorizationCode.builder(newHash(), newHash()).client(CLIENT_ID).subject(SUBJECT)
                .redirectUri("https://client.example.org/cb", false).scopes(Set.of("openid"))
                .authTime(now()).issued(now(), now().plus(CODE_LIFETIME)).sessionId("sid-code").build();

        storage.codes().save(code);

        ConsumeResult consumed = storage.codes().consume(code.codeHash());
        assertThat(consumed).isInstanceOf(ConsumeResult.Consumed.class);
        assertThat(((ConsumeResult.Consumed) consumed).code().sessionId()).isEqualTo("sid-code");
    }

    @Test
    void revokeSessionRevokesEveryGrantOfThatSessionAndReturnsThem() {
        Grant first = sessionGrant(CLIENT_ID, SUBJECT, "sid-a");
        Grant second = sessionGrant(OTHER_CLIENT_ID, SUBJECT, "sid-a");
        Grant otherSession = sessionGrant(CLIENT_ID, SUBJECT, "sid-b");
        Grant otherUser = sessionGrant(CLIENT_ID, "someone-else", "sid-a");
        Grant noSession = newGrant();
        Token firstRefresh = newRefreshToken(first);
        Token secondAccess = newAccessToken(second);
        Token otherSessionRefresh = newRefreshToken(otherSession);
        Token otherUserRefresh = newRefreshToken(otherUser);
        Token noSessionRefresh = newRefreshToken(noSession);
        storage.grants().create(first, List.of(firstRefresh));
        storage.grants().create(second, List.of(secondAccess));
        storage.grants().create(otherSession, List.of(otherSessionRefresh));
        storage.grants().create(otherUser, List.of(otherUserRefresh));
        storage.grants().create(noSession, List.of(noSessionRefresh));

        List<Grant> revoked = storage.grants().revokeSession(SUBJECT, "sid-a", now());

        assertThat(revoked).extracting(Grant::grantId).containsExactlyInAnyOrder(first.grantId(), second.grantId());
        assertThat(revoked).allSatisfy(g -> assertThat(g.revokedAt()).isEqualTo(now()));
        assertThat(revoked).extracting(Grant::clientId).containsExactlyInAnyOrder(CLIENT_ID, OTHER_CLIENT_ID);
        assertThat(statusOf(firstRefresh)).isEqualTo(TokenStatus.REVOKED);
        assertThat(statusOf(secondAccess)).isEqualTo(TokenStatus.REVOKED);
        assertThat(usable(otherSessionRefresh)).isTrue();
        assertThat(usable(otherUserRefresh)).isTrue();
        assertThat(usable(noSessionRefresh)).isTrue();
    }

    @Test
    void revokeSessionLeavesRevokedGrantsAloneAndReturnsThemOnce() {
        Grant live = sessionGrant(CLIENT_ID, SUBJECT, "sid-c");
        Grant alreadyRevoked = sessionGrant(OTHER_CLIENT_ID, SUBJECT, "sid-c");
        storage.grants().create(live, List.of(newAccessToken(live)));
        storage.grants().create(alreadyRevoked, List.of(newAccessToken(alreadyRevoked)));
        Instant earlier = now();
        storage.grants().revoke(alreadyRevoked.grantId(), earlier);
        advance(Duration.ofSeconds(5));

        assertThat(storage.grants().revokeSession(SUBJECT, "sid-c", now())).extracting(Grant::grantId)
                .containsExactly(live.grantId());
        assertThat(storage.grants().revokeSession(SUBJECT, "sid-c", now())).isEmpty();
        assertThat(storage.grants().find(alreadyRevoked.grantId()).orElseThrow().revokedAt()).isEqualTo(earlier);
        assertThat(storage.grants().revokeSession(SUBJECT, "no-such-session", now())).isEmpty();
    }
}
