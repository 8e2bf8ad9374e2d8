package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Consent;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.GrantUsage;
import id.nu.oauth.storage.RotateResult;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.TokenStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The management guarantees (issue 12): a user's grants listed and revoked, clients listed in a
 * stable order, disabled (their tokens stop at once) and deleted (with their grants, tokens, codes
 * and consents), a rotated refresh token's grace reuses counted atomically, and the rows of disabled
 * and deleted clients purged in bounded batches.
 *
 * <pre>{@code
 * class MyManagementTest extends ManagementContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class ManagementContract extends StorageContractSupport {

    // ---- a user's grants ----

    private Issued issueTo(String clientId, String subject) {
        Grant grant = new Grant(newHash(), clientId, subject, Set.of("openid", "profile"), now(), now(),
                now().plus(GRANT_LIFETIME), null);
        Token access = Token.active(newHash(), TokenKind.ACCESS, grant.grantId(), clientId, subject, grant.scopes(),
                now(), now().plus(ACCESS_LIFETIME), now().plus(ACCESS_LIFETIME));
        Token refresh = Token.active(newHash(), TokenKind.REFRESH, grant.grantId(), clientId, subject, grant.scopes(),
                now(), now().plus(REFRESH_IDLE), grant.expiresAt());
        Issued issued = new Issued(grant, access, refresh);
        storage.grants().create(grant, issued.tokens());
        return issued;
    }

    @Test
    void listBySubjectGivesTheUsersLiveGrantsWithFirstAndLastUse() {
        Issued first = issueTo(CLIENT_ID, SUBJECT);
        advance(Duration.ofMinutes(5));
        Issued second = issueTo(OTHER_CLIENT_ID, SUBJECT);
        Issued revoked = issueTo(CLIENT_ID, SUBJECT);
        storage.grants().revoke(revoked.grant().grantId(), now());
        issueTo(CLIENT_ID, "someone-else");

        advance(Duration.ofMinutes(1));
        assertThat(storage.tokens().rotate(first.refresh().tokenHash(), successors(first.refresh()), now()))
                .isInstanceOf(RotateResult.Rotated.class);

        List<GrantUsage> listed = storage.grants().listBySubject(SUBJECT, now(), null, 10);
        assertThat(listed).extracting(u -> u.grant().grantId())
                .containsExactlyInAnyOrder(first.grant().grantId(), second.grant().grantId());
        GrantUsage firstUse = listed.stream().filter(u -> u.grant().grantId().equals(first.grant().grantId()))
                .findFirst().orElseThrow();
        assertThat(firstUse.grant().createdAt()).isEqualTo(first.grant().createdAt());
        assertThat(firstUse.lastUsedAt()).as("a rotation is a use").isEqualTo(now());
        GrantUsage secondUse = listed.stream().filter(u -> u.grant().grantId().equals(second.grant().grantId()))
                .findFirst().orElseThrow();
        assertThat(secondUse.lastUsedAt()).as("never refreshed: made is its last use")
                .isEqualTo(second.grant().createdAt());
    }

    @Test
    void listBySubjectPagesInAStableOrderOfGrantId() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(issueTo(CLIENT_ID, SUBJECT).grant().grantId());
        }
        ids.sort(null);
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 4; page++) {
            List<GrantUsage> batch = storage.grants().listBySubject(SUBJECT, now(), after, 3);
            batch.forEach(u -> seen.add(u.grant().grantId()));
            if (batch.size() < 3) {
                break;
            }
            after = batch.get(batch.size() - 1).grant().grantId();
        }
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void listBySubjectLeavesOutExpiredGrants() {
        Grant shortLived = newGrant(Duration.ofMinutes(1));
        storage.grants().create(shortLived, List.of());
        advance(Duration.ofMinutes(2));
        assertThat(storage.grants().listBySubject(SUBJECT, now(), null, 10)).isEmpty();
    }

    @Test
    void renewIsAUseToo() {
        Issued issued = issueTo(CLIENT_ID, SUBJECT);
        advance(Duration.ofMinutes(3));
        assertThat(storage.tokens().renew(issued.refresh().tokenHash(), now().plus(REFRESH_IDLE),
                List.of(newAccessToken(issued.grant())), now())).isTrue();
        assertThat(storage.grants().listBySubject(SUBJECT, now(), null, 10))
                .singleElement().extracting(GrantUsage::lastUsedAt).isEqualTo(now());
    }

    @Test
    void revokeAllForSubjectRevokesEveryGrantOfTheUserAndNoOther() {
        Issued a = issueTo(CLIENT_ID, SUBJECT);
        Issued b = issueTo(OTHER_CLIENT_ID, SUBJECT);
        Issued other = issueTo(CLIENT_ID, "someone-else");

        assertThat(storage.grants().revokeAllForSubject(SUBJECT, now())).isEqualTo(2);

        assertThat(statusOf(a.access())).isEqualTo(TokenStatus.REVOKED);
        assertThat(statusOf(b.refresh())).isEqualTo(TokenStatus.REVOKED);
        assertThat(usable(other.access())).isTrue();
        assertThat(storage.grants().listBySubject(SUBJECT, now(), null, 10)).isEmpty();
        assertThat(storage.grants().revokeAllForSubject(SUBJECT, now())).isZero();
    }

    @Test
    void revokeAllConsentsOfASubjectForgetsThemAllAndNoOther() {
        storage.consents().save(new Consent(SUBJECT, CLIENT_ID, Set.of("openid"), now()));
        storage.consents().save(new Consent(SUBJECT, OTHER_CLIENT_ID, Set.of("openid"), now()));
        storage.consents().save(new Consent("someone-else", CLIENT_ID, Set.of("openid"), now()));

        assertThat(storage.consents().revokeAll(SUBJECT)).isEqualTo(2);

        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).isEmpty();
        assertThat(storage.consents().find(SUBJECT, OTHER_CLIENT_ID)).isEmpty();
        assertThat(storage.consents().find("someone-else", CLIENT_ID)).isPresent();
        assertThat(storage.consents().revokeAll(SUBJECT)).isZero();
    }

    // ---- clients ----

    @Test
    void listClientsPagesInAscendingOrderOfClientId() {
        for (String id : List.of("c-3", "c-1", "c-2", "B-upper")) {
            storage.clients().save(publicClient(id));
        }
        List<String> all = new ArrayList<>(List.of("c-3", "c-1", "c-2", "B-upper", CLIENT_ID, OTHER_CLIENT_ID));
        all.sort(null);

        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            List<Client> page = storage.clients().list(after, 4);
            page.forEach(c -> seen.add(c.clientId()));
            if (page.size() < 4) {
                break;
            }
            after = page.get(page.size() - 1).clientId();
        }
        assertThat(seen).containsExactlyElementsOf(all);
        assertThat(storage.clients().list("c-1", 10).get(0).clientId()).isEqualTo("c-2");
    }

    @Test
    void tokensOfADisabledClientReadRevokedAtOnceAndLiveAgainWhenEnabled() {
        Issued issued = issue();
        Client client = storage.clients().find(CLIENT_ID).orElseThrow();

        storage.clients().save(client.withDisabled(true));

        assertThat(statusOf(issued.access())).isEqualTo(TokenStatus.REVOKED);
        assertThat(storage.findTokenWithGrant(issued.access().tokenHash()).orElseThrow().token().status())
                .isEqualTo(TokenStatus.REVOKED);
        assertThat(storage.tokens().rotate(issued.refresh().tokenHash(), successors(issued.refresh()), now()))
                .isInstanceOf(RotateResult.Inactive.class);
        assertThat(storage.tokens().renew(issued.refresh().tokenHash(), now().plus(REFRESH_IDLE), List.of(), now()))
                .isFalse();

        storage.clients().save(client.withDisabled(false));
        assertThat(usable(issued.access())).isTrue();
    }

    @Test
    void deleteRemovesTheClientItsConsentsAndCodesAndKillsItsTokensForGood() {
        Issued issued = issue();
        Issued other = issueTo(OTHER_CLIENT_ID, SUBJECT);
        var code = newCode();
        storage.codes().save(code);
        storage.consents().save(new Consent(SUBJECT, CLIENT_ID, Set.of("openid"), now()));
        storage.consents().save(new Consent(SUBJECT, OTHER_CLIENT_ID, Set.of("openid"), now()));

        assertThat(storage.clients().delete(CLIENT_ID, now())).isTrue();

        assertThat(storage.clients().find(CLIENT_ID)).isEmpty();
        assertThat(storage.clients().list(null, 10)).extracting(Client::clientId).containsExactly(OTHER_CLIENT_ID);
        assertThat(statusOf(issued.access())).isEqualTo(TokenStatus.REVOKED);
        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).isEmpty();
        assertThat(storage.consents().find(SUBJECT, OTHER_CLIENT_ID)).isPresent();
        assertThat(storage.codes().consume(code.codeHash()))
                .isInstanceOf(id.nu.oauth.storage.ConsumeResult.NotFound.class);
        assertThat(usable(other.access())).isTrue();

        // registered again under the same id: the old tokens stay dead
        storage.clients().save(publicClient(CLIENT_ID));
        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.REVOKED);
        assertThat(storage.clients().delete("no-such-client", now())).isFalse();
    }

    // ---- refresh grace ----

    @Test
    void aRotatedTokenGetsAtMostMaxReusesInsideTheWindow() {
        Issued issued = issue();
        String hash = issued.refresh().tokenHash();
        assertThat(storage.tokens().rotate(hash, successors(issued.refresh()), now()))
                .isInstanceOf(RotateResult.Rotated.class);
        advance(Duration.ofSeconds(2));
        java.time.Instant windowStart = now().minusSeconds(5);

        List<Token> first = successors(issued.refresh());
        assertThat(storage.tokens().takeGraceReuse(hash, windowStart, 2, first, now())).isTrue();
        assertThat(usable(first.get(0))).as("the grace tokens are saved").isTrue();
        assertThat(usable(first.get(1))).isTrue();
        assertThat(storage.tokens().takeGraceReuse(hash, windowStart, 2, successors(issued.refresh()), now())).isTrue();
        List<Token> third = successors(issued.refresh());
        assertThat(storage.tokens().takeGraceReuse(hash, windowStart, 2, third, now())).isFalse();
        assertThat(found(third.get(0))).as("nothing saved when refused").isEmpty();
    }

    @Test
    void noGraceReuseOutsideTheWindowOrOfAnActiveOrRevokedToken() {
        Issued issued = issue();
        String hash = issued.refresh().tokenHash();
        assertThat(storage.tokens().takeGraceReuse(hash, now().minusSeconds(5), 5, successors(issued.refresh()), now()))
                .as("an active token was never rotated").isFalse();

        storage.tokens().rotate(hash, successors(issued.refresh()), now());
        advance(Duration.ofSeconds(10));
        assertThat(storage.tokens().takeGraceReuse(hash, now().minusSeconds(5), 5, successors(issued.refresh()), now()))
                .as("rotated 10 s ago, window 5 s").isFalse();
        assertThat(storage.tokens().takeGraceReuse(hash, now().minusSeconds(30), 5, successors(issued.refresh()), now()))
                .as("inside a 30 s window").isTrue();

        storage.grants().revoke(issued.grant().grantId(), now());
        assertThat(storage.tokens().takeGraceReuse(hash, now().minusSeconds(30), 5, successors(issued.refresh()), now()))
                .as("revoked grant").isFalse();
    }

    // ---- bounded purge ----

    @Test
    void purgeRemovesTheGrantsAndTokensOfDisabledAndDeletedClientsInBoundedBatches() {
        List<Issued> ofDisabled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ofDisabled.add(issueTo(OTHER_CLIENT_ID, SUBJECT));
        }
        List<Issued> ofDeleted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ofDeleted.add(issue());
        }
        storage.clients().save(storage.clients().find(OTHER_CLIENT_ID).orElseThrow().withDisabled(true));
        storage.clients().delete(CLIENT_ID, now());
        storage.clients().save(publicClient("kept-client"));
        Issued kept = issueTo("kept-client", SUBJECT);

        // 6 grants with 2 tokens each: 18 rows, nothing expired
        int total = 0;
        int calls = 0;
        int purged;
        do {
            purged = storage.purgeExpired(now(), 4);
            assertThat(purged).isLessThanOrEqualTo(4);
            total += purged;
            calls++;
        } while (purged == 4 && calls < 20);
        assertThat(total).isEqualTo(18);
        for (Issued i : ofDisabled) {
            assertThat(found(i.access())).isEmpty();
            assertThat(storage.grants().find(i.grant().grantId())).isEmpty();
        }
        for (Issued i : ofDeleted) {
            assertThat(found(i.refresh())).isEmpty();
        }
        assertThat(usable(kept.access())).isTrue();
        assertThat(storage.clients().find(OTHER_CLIENT_ID)).as("a disabled client stays registered").isPresent();
    }
}
