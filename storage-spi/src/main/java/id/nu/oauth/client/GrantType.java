package id.nu.oauth.client;

import java.util.Optional;

/**
 * The OAuth grant types a client may be allowed to use.
 *
 * <pre>{@code
 * GrantType.fromParameter("refresh_token") // Optional[REFRESH_TOKEN]
 * }</pre>
 */
public enum GrantType {
    /** RFC 6749 §4.1. */
    AUTHORIZATION_CODE("authorization_code"),
    /** RFC 6749 §6. */
    REFRESH_TOKEN("refresh_token"),
    /** RFC 6749 §4.4. */
    CLIENT_CREDENTIALS("client_credentials");

    private final String parameter;

    GrantType(String parameter) {
        this.parameter = parameter;
    }

    /** The value of the {@code grant_type} parameter. */
    public String parameter() {
        return parameter;
    }

    /** The grant type named by a {@code grant_type} parameter value, if it is one we know. */
    public static Optional<GrantType> fromParameter(String value) {
        for (GrantType type : values()) {
            if (type.parameter.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
