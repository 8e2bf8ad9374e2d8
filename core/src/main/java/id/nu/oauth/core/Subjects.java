package id.nu.oauth.core;

import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.id.HashBasedPairwiseSubjectCodec;
import com.nimbusds.openid.connect.sdk.id.SectorID;
import id.nu.oauth.client.Client;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The one place that turns the host's user id into the {@code sub} a client sees (OpenID Connect
 * Core 1.0 §8): the same value in the id_token, at the UserInfo endpoint, in JWT access tokens and
 * in introspection answers.
 *
 * <p>Public (the default): {@code sub} is the host's subject. Pairwise (§8.1): {@code sub} is
 * base64url(SHA-256(sector || subject || salt)) through Nimbus's {@link HashBasedPairwiseSubjectCodec},
 * so clients of different sectors cannot correlate a user. The sector is the host of the client's
 * first registered redirect URI with a host (§8.1: the host of the registered redirect_uri); a
 * client whose redirect URIs have no host (custom schemes) or none at all is its own sector, named
 * by its client_id. The salt must stay the same for the life of the deployment.
 *
 * <p>A token with no user (client credentials) names its client in a namespace of its own,
 * {@code client:<client_id>} (RFC 9068 §2.2, §5: a client's subject must not be mistaken for a
 * user's). No user subject can be in it: {@link AuthenticatedUser} refuses one that starts with
 * {@value #CLIENT_PREFIX}, and a pairwise one is base64url, without a colon.
 */
final class Subjects {

    /** The namespace of clients acting for themselves: {@code client:<client_id>} (RFC 9068 §5). */
    static final String CLIENT_PREFIX = "client:";

    private final HashBasedPairwiseSubjectCodec pairwise;

    private Subjects(HashBasedPairwiseSubjectCodec pairwise) {
        this.pairwise = pairwise;
    }

    static Subjects publicSubjects() {
        return new Subjects(null);
    }

    static Subjects pairwise(byte[] salt) {
        return new Subjects(new HashBasedPairwiseSubjectCodec(salt));
    }

    SubjectType type() {
        return pairwise == null ? SubjectType.PUBLIC : SubjectType.PAIRWISE;
    }

    /**
     * The {@code sub} this client sees for the host's {@code subject}, or its own
     * {@code client:<client_id>} without one.
     */
    String of(String subject, Client client) {
        if (subject == null || pairwise == null) {
            return hostSubject(subject, client.clientId());
        }
        return pairwise.encode(sector(client), new Subject(subject)).getValue();
    }

    /**
     * The subject of a token as the host knows it: its user's, or {@code client:<client_id>} for a
     * token with no user (RFC 9068 §5).
     */
    static String hostSubject(String subject, String clientId) {
        return subject != null ? subject : CLIENT_PREFIX + clientId;
    }

    static SectorID sector(Client client) {
        for (String redirectUri : client.redirectUris()) {
            try {
                String host = new URI(redirectUri).getHost();
                if (host != null && !host.isEmpty()) {
                    return new SectorID(host);
                }
            } catch (URISyntaxException unreachable) {
                // Client validates its redirect URIs on construction
            }
        }
        return new SectorID(CLIENT_PREFIX + client.clientId());
    }
}
