package id.nu.oauth.core;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.claims.ClaimRequirement;
import com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The OpenID Connect {@code claims} request parameter (OpenID Connect Core 1.0 §5.5), parsed with
 * Nimbus, together with {@code acr_values} (§3.1.2.1): which claims the client wants in the id_token
 * and at the UserInfo endpoint, and which authentication context classes it asks the login to meet.
 *
 * <p>What the server does with it: a claim named for the id_token is put into the id_token when the
 * host's {@link ClaimsSource} has it and a granted scope reaches it (the user consents to scopes,
 * never to single claims); a claim it cannot give is left out, essential or not, and is no error
 * (§5.5.1). The one claim with its own rule is {@code acr} (§5.5.1.1): requested as essential with
 * {@code value} or {@code values}, a login that meets none of them never yields a code.
 *
 * @param json the parameter as the client sent it (kept with the code and the grant), or {@code null}
 * @param idToken the claim names requested for the id_token
 * @param userInfo the claim names requested at the UserInfo endpoint
 * @param acrValues the acceptable {@code acr} values, most preferred first: the {@code acr} claim's
 *     {@code value}/{@code values} if the claims request names them, else {@code acr_values}; empty
 *     when none are asked for
 * @param acrEssential whether the {@code acr} claim was requested as essential (§5.5.1.1)
 * @param sub the {@code sub} value requested for the id_token, or {@code null} (§5.5.1: a positive
 *     response only if that user is the one logged in)
 */
record ClaimsRequest(String json, Set<String> idToken, Set<String> userInfo, List<String> acrValues,
        boolean acrEssential, String sub) {

    static final ClaimsRequest NONE = new ClaimsRequest(null, Set.of(), Set.of(), List.of(), false, null);

    ClaimsRequest {
        idToken = Set.copyOf(idToken);
        userInfo = Set.copyOf(userInfo);
        acrValues = List.copyOf(acrValues);
    }

    /** The {@code claims} and {@code acr_values} of an authorization request, or {@code invalid_request}. */
    static Checked<ClaimsRequest> parse(Params params) {
        String acr = params.get("acr_values");
        List<String> acrValues = new ArrayList<>();
        if (acr != null) {
            for (String value : acr.split(" ")) {
                if (!value.isEmpty() && !acrValues.contains(value)) {
                    acrValues.add(value);
                }
            }
        }
        String json = params.get("claims");
        if (json == null) {
            return Checked.ok(new ClaimsRequest(null, Set.of(), Set.of(), acrValues, false, null));
        }
        ClaimsRequest parsed = fromJson(json, acrValues);
        return parsed == null
                ? Checked.failed(OAuthError.invalidRequest("claims is not a valid claims request (OpenID Connect "
                        + "Core 1.0 section 5.5)"))
                : Checked.ok(parsed);
    }

    /** A stored claims request again ({@code acr_values} no longer matters after the login); never fails. */
    static ClaimsRequest stored(String json) {
        if (json == null) {
            return NONE;
        }
        ClaimsRequest parsed = fromJson(json, List.of());
        return parsed == null ? NONE : parsed;
    }

    private static ClaimsRequest fromJson(String json, List<String> acrValues) {
        OIDCClaimsRequest request;
        try {
            request = OIDCClaimsRequest.parse(json);
        } catch (ParseException | RuntimeException malformed) {
            return null;
        }
        List<String> acr = acrValues;
        boolean essential = false;
        String sub = null;
        ClaimsSetRequest idToken = request.getIDTokenClaimsRequest();
        if (idToken != null && idToken.get("sub") != null) {
            sub = idToken.get("sub").getValue();
        }
        if (idToken != null) {
            ClaimsSetRequest.Entry entry = idToken.get("acr");
            if (entry != null) {
                essential = entry.getClaimRequirement() == ClaimRequirement.ESSENTIAL;
                List<String> values = entry.getValues() != null ? entry.getValues()
                        : entry.getValue() != null ? List.of(entry.getValue()) : null;
                if (values != null) {
                    acr = values;
                }
            }
        }
        return new ClaimsRequest(json, names(idToken), names(request.getUserInfoClaimsRequest()), acr, essential, sub);
    }

    private static Set<String> names(ClaimsSetRequest request) {
        Set<String> names = new LinkedHashSet<>();
        if (request != null) {
            for (ClaimsSetRequest.Entry entry : request.getEntries()) {
                names.add(entry.getClaimName(false));
            }
        }
        return names;
    }

    /** Whether an acr is asked for and the login's {@code acr} (or {@code null}) is not among them. */
    boolean acrUnmet(String acr) {
        return !acrValues.isEmpty() && (acr == null || !acrValues.contains(acr));
    }
}
