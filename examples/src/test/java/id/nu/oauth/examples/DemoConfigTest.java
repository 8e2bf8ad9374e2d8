package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.client.SecretHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file: the committed sample, the built-in defaults, and one test per kind of mistake. */
class DemoConfigTest {

    /** A valid client entry to build broken files from. */
    private static final String CLIENT = """
            {"clientId": "app", "type": "public", "redirectUris": ["http://127.0.0.1/cb"], "scopes": ["profile"]}""";
    private static final String USER = """
            {"username": "demo", "password": "demo-password"}""";

    private static String file(String users, String clients) {
        return "{\"users\": [" + users + "], \"clients\": [" + clients + "]}";
    }

    @Test
    void theCommittedSampleFileIsValidAndUsesEveryField() throws Exception {
        DemoConfig config = DemoConfig.load(Path.of("demo-config.json")); // examples/demo-config.json
        assertThat(config.users()).extracting(DemoUser::username).containsExactly("demo", "siti");
        assertThat(config.users().get(1).subject()).isEqualTo("user-0002");
        assertThat(config.users().get(1).displayName()).isEqualTo("Siti Aminah");
        Client app = config.clients().stream().map(DemoConfig.ConfiguredClient::client)
                .filter(c -> c.clientId().equals("my-portal-app")).findFirst().orElseThrow();
        assertThat(app.type()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(app.secretHash().matches("ckMNLe9KlNv4Sr0R3x78bs4LX4td0fQyqKcqY-oACBE")).isTrue();
        assertThat(app.defaultScopes()).containsExactly("profile");
        assertThat(app.allowedScopes()).containsExactlyInAnyOrder("openid", "profile", "email", "phone", "address",
                "orders.read");
        assertThat(app.accessTokenFormat()).isEqualTo(AccessTokenFormat.JWT);
        assertThat(config.clients()).filteredOn(c -> c.client().clientId().equals("my-mobile-app"))
                .singleElement().satisfies(c -> assertThat(c.client().accessTokenFormat()).isEqualTo(AccessTokenFormat.OPAQUE));
        // every claim the format knows, in the file's order; the address is an object of strings
        Map<String, Object> siti = config.users().get(1).claims();
        assertThat(siti.keySet()).containsExactly("name", "given_name", "family_name", "nickname", "preferred_username",
                "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "email", "email_verified",
                "phone_number", "phone_number_verified", "address");
        assertThat(siti).containsEntry("email_verified", true).containsEntry("phone_number", "+62 811 2345 6789");
        assertThat(siti.get("address")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class)).containsEntry("locality", "Surabaya")
                .containsEntry("formatted", "Jl. Diponegoro No. 5\nSurabaya 60241\nIndonesia");
        assertThat(app.grantTypes()).contains(GrantType.CLIENT_CREDENTIALS);
        assertThat(app.refreshPolicy()).isEqualTo(RefreshPolicy.KEEP);
        assertThat(app.firstParty()).isTrue();
        assertThat(config.clients()).extracting(c -> c.client().type())
                .contains(ClientType.LEGACY_PUBLIC, ClientType.PUBLIC, ClientType.CONFIDENTIAL);
        // a resource server (RFC 7662 §4) with client_credentials only, so no redirect URI
        Client api = config.clients().stream().map(DemoConfig.ConfiguredClient::client)
                .filter(c -> c.clientId().equals("my-orders-api")).findFirst().orElseThrow();
        assertThat(api.resourceServer()).isTrue();
        assertThat(api.redirectUris()).isEmpty();
        assertThat(app.resourceServer()).isFalse();
    }

    @Test
    void resourceServerIsAConfidentialClientsFlag_rfc7662_4() throws Exception {
        String confidential = CLIENT.replace("\"public\"", "\"confidential\"")
                .replace("}", ", \"secret\": \"" + SecretHash.generateSecret() + "\"}");
        assertThat(DemoConfig.parse(file(USER, confidential.replace("}", ", \"resourceServer\": true}")), "t.json")
                .clients().get(0).client().resourceServer()).isTrue();
        assertThat(DemoConfig.parse(file(USER, confidential), "t.json").clients().get(0).client().resourceServer())
                .isFalse();
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("}", ", \"resourceServer\": true}")), "t.json"))
                .hasMessageStartingWith("t.json: clients[0] (\"app\"): client app: only a confidential client can be a "
                        + "resource server");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, confidential.replace("}", ", \"resourceServer\": \"yes\"}")),
                "t.json")).hasMessage("t.json: clients[0] (\"app\"): \"resourceServer\" must be true or false, not a string");
    }

    @Test
    void passwordsAreHashedAndTheBuiltInDemoUserSignsIn() {
        DemoConfig config = DemoConfig.builtIn();
        assertThat(config.source()).isEqualTo(DemoPortal.BUILT_IN_SOURCE);
        DemoUser demo = config.users().get(0);
        assertThat(demo.password().toString()).doesNotContain(DemoPortal.DEMO_PASSWORD).contains("PBKDF2");
        UserDirectory users = new UserDirectory(config.users());
        assertThat(users.authenticate(DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD.toCharArray())).isPresent();
        assertThat(users.authenticate(DemoPortal.DEMO_USERNAME, "demo-passwordX".toCharArray())).isEmpty();
        assertThat(users.authenticate("nobody", DemoPortal.DEMO_PASSWORD.toCharArray())).isEmpty();
        assertThat(config.clients()).extracting(c -> c.client().clientId())
                .containsExactly("demo-legacy", "demo-pkce", "demo-confidential");
        assertThat(config.clients()).allSatisfy(c -> assertThat(DemoClientServlet.usesDemoCallback(c.client())).isTrue());
        // OpenID Connect: every demo client may ask openid profile email, and one shows JWT access tokens
        assertThat(config.clients()).allSatisfy(c -> assertThat(AuthorizationRedirect.scope(c.client()))
                .isEqualTo("openid profile email"));
        assertThat(config.clients()).extracting(c -> c.client().accessTokenFormat())
                .containsExactly(AccessTokenFormat.OPAQUE, AccessTokenFormat.OPAQUE, AccessTokenFormat.JWT);
        assertThat(demo.claims()).containsEntry("name", "Demo User").containsEntry("email_verified", true)
                .containsKeys("given_name", "family_name", "email", "phone_number", "address")
                .doesNotContainKey("sub");
    }

    @Test
    void claimsAreOptionalAndTheNameIsTheDefaultDisplayName() throws Exception {
        DemoConfig config = DemoConfig.parse(file(USER + ", " + """
                {"username": "ani", "password": "ani-password", "claims": {"name": "Ani Rahma", "email": "ani@example.or.id",
                 "address": {"country": "ID"}, "phone_number": null}}""", CLIENT), "t.json");
        DemoUser old = config.users().get(0);
        assertThat(old.claims()).isEmpty(); // a file without claims still works: userinfo gives sub alone
        assertThat(old.displayName()).isEqualTo("demo");
        DemoUser ani = config.users().get(1);
        assertThat(ani.displayName()).isEqualTo("Ani Rahma");
        assertThat(ani.claims()).containsOnlyKeys("name", "email", "address"); // a null claim is no claim
        assertThat(ani.claims().get("address")).isEqualTo(Map.of("country", "ID"));
        assertThat(config.clients().get(0).client().accessTokenFormat()).isEqualTo(AccessTokenFormat.OPAQUE);
    }

    @Test
    void claimMistakesAreNamed() {
        assertThatThrownBy(() -> DemoConfig.parse(file(user("\"sub\": \"x\""), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): unknown claim \"sub\" in \"claims\" (the subject is the "
                        + "user's \"subject\", not a claim); the claims are address, birthdate, email, email_verified, "
                        + "family_name, gender, given_name, locale, middle_name, name, nickname, phone_number, "
                        + "phone_number_verified, picture, preferred_username, website, zoneinfo");
        assertThatThrownBy(() -> DemoConfig.parse(file(user("\"email\": \"a@b\", \"email_verified\": \"yes\""), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): \"claims\": \"email_verified\" must be true or false, not a string");
        assertThatThrownBy(() -> DemoConfig.parse(file(user("\"name\": \" \""), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): \"claims\": \"name\" must be a non-empty string, not an empty string");
        assertThatThrownBy(() -> DemoConfig.parse(file(user("\"name\": 7"), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): \"claims\": \"name\" must be a non-empty string, not a number");
        assertThatThrownBy(() -> DemoConfig.parse(file(user("\"email\": \"not an address\""), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): \"claims\": \"email\" is not an e-mail address: not an address");
        assertThatThrownBy(() -> DemoConfig.parse(file(user("\"email_verified\": true"), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): \"claims\": \"email_verified\" without an \"email\"");
        assertThatThrownBy(() -> DemoConfig.parse(file(user("\"picture\": \"javascript:alert(1)\""), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): \"claims\": \"picture\" must be an http or https URL, "
                        + "not javascript:alert(1)");
        assertThatThrownBy(() -> DemoConfig.parse(file(user("\"address\": {\"city\": \"Bandung\"}"), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): unknown key \"city\" in \"claims\": \"address\"; the keys are "
                        + "country, formatted, locality, postal_code, region, street_address");
        assertThatThrownBy(() -> DemoConfig.parse(file(user("\"address\": \"Bandung\""), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): \"claims\": \"address\" must be an object {...}, not a string");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER.replace("}", ", \"claims\": [\"name\"]}"), CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): \"claims\" must be an object {...}, not a list");
    }

    @Test
    void theAccessTokenFormatIsOpaqueOrJwt() throws Exception {
        DemoConfig config = DemoConfig.parse(file(USER, CLIENT.replace("}", ", \"accessTokenFormat\": \"jwt\"}")), "t.json");
        assertThat(config.clients().get(0).client().accessTokenFormat()).isEqualTo(AccessTokenFormat.JWT);
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("}", ", \"accessTokenFormat\": \"JWT\"}")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): \"accessTokenFormat\" must be \"opaque\" or \"jwt\", not \"JWT\"");
    }

    /** The test user with a {@code claims} object holding {@code members}. */
    private static String user(String members) {
        return USER.replace("}", ", \"claims\": {" + members + "}}");
    }

    /** An EC P-256 public key as a JWK set (the sample file's key of my-keyed-app). */
    private static final String PUBLIC_JWKS = """
            {"keys": [{"kty": "EC", "crv": "P-256", "kid": "k1", "x": "W2OjsRKr3s5EIWtEr4SH_vjV2z0spviCkn96cXsJjk0",
            "y": "xdLLVcuO6rhVwlLgMcIXBuH0e76xunp4IFHwGk1lnzY"}]}""";

    @Test
    void aClientWithJwksAndNoSecretAuthenticatesWithPrivateKeyJwtOnly_rfc7523_2_2() throws Exception {
        String keyed = """
                {"clientId": "keyed", "type": "confidential", "jwks": %s, "grantTypes": ["client_credentials"],
                 "resources": ["https://orders.example/"]}""".formatted(PUBLIC_JWKS);
        Client client = DemoConfig.parse(file(USER, keyed), "t.json").clients().get(0).client();
        assertThat(client.secretHash()).isNull();
        assertThat(client.authMethods()).containsExactly(ClientAuthMethod.PRIVATE_KEY_JWT);
        assertThat(client.keys().jwks()).contains("\"kid\":\"k1\"").contains("\"crv\":\"P-256\"");
        assertThat(client.resources()).containsExactly("https://orders.example/");
        // with a secret too: both secret methods and the key
        String both = keyed.replace("\"type\": \"confidential\",", "\"type\": \"confidential\", \"secret\": \""
                + SecretHash.generateSecret() + "\",");
        assertThat(DemoConfig.parse(file(USER, both), "t.json").clients().get(0).client().authMethods())
                .containsExactlyInAnyOrder(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.CLIENT_SECRET_POST,
                        ClientAuthMethod.PRIVATE_KEY_JWT);
        // a private key is refused when the server registers the client; the file's shape first
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, keyed.replace(PUBLIC_JWKS, "\"keys\"")), "t.json"))
                .hasMessage("t.json: clients[0] (\"keyed\"): \"jwks\" must be an object {...}, not a string");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, keyed.replace("https://orders.example/", "orders")),
                "t.json")).hasMessageContaining("a resource must be an absolute URI without fragment (RFC 8707");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, keyed.replace(", \"jwks\": " + PUBLIC_JWKS, "")),
                "t.json")).hasMessageStartingWith("t.json: clients[0] (\"keyed\"): a confidential client needs a "
                        + "\"secret\" (or \"jwks\")");
    }

    @Test
    void defaultsFollowTheClientType() throws Exception {
        DemoConfig config = DemoConfig.parse(file(USER, CLIENT + ", " + """
                {"clientId": "old", "type": "legacy", "redirectUris": ["https://old.example/cb"]}"""), "t.json");
        Client app = config.clients().get(0).client();
        assertThat(app.requirePkce()).isTrue();
        assertThat(app.refreshPolicy()).isEqualTo(RefreshPolicy.ROTATE);
        assertThat(app.defaultScopes()).isEqualTo(Set.of("profile"));
        assertThat(app.firstParty()).isFalse();
        assertThat(app.name()).isEqualTo("app");
        Client old = config.clients().get(1).client();
        assertThat(old.requirePkce()).isFalse();
        assertThat(old.refreshPolicy()).isEqualTo(RefreshPolicy.KEEP);
        assertThat(config.users().get(0).subject()).isEqualTo("demo");
        assertThat(config.users().get(0).displayName()).isEqualTo("demo");
    }

    @Test
    void aMissingFileSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> DemoConfig.load(dir.resolve("nope.json")))
                .isInstanceOf(DemoConfig.ConfigException.class).hasMessageEndingWith("nope.json: no such file");
    }

    @Test
    void invalidJsonNamesTheLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\n  \"users\": [\n    {\"username\": \"demo\",}\n  ]\n}\n");
        assertThatThrownBy(() -> DemoConfig.load(f)).hasMessage(f + ": not valid JSON at line 3, column 25: "
                + "Unexpected character (})");
    }

    @Test
    void notUtf8IsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("latin1.json");
        Files.write(f, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        assertThatThrownBy(() -> DemoConfig.load(f)).hasMessage(f + ": is not UTF-8 text");
    }

    @Test
    void aDuplicateKeyIsAnError() {
        assertThatThrownBy(() -> DemoConfig.parse("{\"users\": [], \"users\": []}", "t.json"))
                .hasMessage("t.json: not valid JSON: the key \"users\" appears twice in the same object");
        assertThatThrownBy(() -> DemoConfig.parse("{\"users\": [{\"username\": \"a\", \"username\": \"b\"}]}", "t.json"))
                .hasMessage("t.json: not valid JSON: the key \"username\" appears twice in the same object");
    }

    @Test
    void theTopLevelMustBeAnObject() {
        assertThatThrownBy(() -> DemoConfig.parse("[]", "t.json")).hasMessageContaining("must hold one JSON object");
        assertThatThrownBy(() -> DemoConfig.parse("{} x", "t.json")).hasMessageStartingWith("t.json: not valid JSON at line 1, column ");
    }

    @Test
    void anUnknownKeyIsATypoNotSilence() {
        String typo = CLIENT.replace("\"redirectUris\"", "\"redirectUri\"");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, typo), "t.json"))
                .hasMessageStartingWith("t.json: clients[0] (\"app\"): unknown key \"redirectUri\"; the keys are "
                        + "accessTokenFormat, clientId, defaultScopes, firstParty, grantTypes, jwks, name, redirectUris,");
        assertThatThrownBy(() -> DemoConfig.parse("{\"users\": [], \"client\": []}", "t.json"))
                .hasMessageStartingWith("t.json: unknown key \"client\"");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("\"clientId\": \"app\",", "")), "t.json"))
                .hasMessage("t.json: clients[0]: \"clientId\" is missing");
        assertThatThrownBy(() -> DemoConfig.parse(file("{\"username\": \"x\"}", CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"x\"): give the user \"x\" either \"password\" or \"passwordHash\"");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("\"redirectUris\": [\"http://127.0.0.1/cb\"],", "")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): \"redirectUris\" is missing (a list of strings, such as [\"...\"])");
        assertThatThrownBy(() -> DemoConfig.parse("{\"users\": [" + USER + "]}", "t.json"))
                .hasMessage("t.json: \"clients\" is missing (a list of objects)");
    }

    @Test
    void aValueOfTheWrongKindIsNamed() {
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("[\"profile\"]", "\"profile\"")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): \"scopes\" must be a list of strings, such as [\"...\"], not a string");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("}", ", \"firstParty\": \"yes\"}")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): \"firstParty\" must be true or false, not a string");
        assertThatThrownBy(() -> DemoConfig.parse(file("{\"username\": 7, \"password\": \"demo-password\"}", CLIENT), "t.json"))
                .hasMessage("t.json: users[0]: \"username\" must be a string in double quotes, not a number");
        assertThatThrownBy(() -> DemoConfig.parse(file("\"demo\"", CLIENT), "t.json"))
                .hasMessage("t.json: users[0] must be an object {...}, not a string");
    }

    @Test
    void enumeratedValuesListTheChoices() {
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("\"public\"", "\"Public\"")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): \"type\" must be \"public\", \"legacy\" or \"confidential\", not \"Public\"");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("}", ", \"refreshPolicy\": \"never\"}")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): \"refreshPolicy\" must be \"rotate\" or \"keep\", not \"never\"");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("}", ", \"grantTypes\": [\"implicit\"]}")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): unknown grant type \"implicit\"; use authorization_code, "
                        + "refresh_token or client_credentials");
    }

    @Test
    void secretsMatchTheClientType() {
        String confidential = CLIENT.replace("\"public\"", "\"confidential\"");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, confidential), "t.json"))
                .hasMessageStartingWith("t.json: clients[0] (\"app\"): a confidential client needs a \"secret\" (or \"jwks\"); "
                        + "a random one: ");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, confidential.replace("}", ", \"secret\": \"short\"}")), "t.json"))
                .hasMessageStartingWith("t.json: clients[0] (\"app\"): \"secret\": client secrets must be at least 32 "
                        + "characters; a random one: ");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("}",
                ", \"secret\": \"" + SecretHash.generateSecret() + "\"}")), "t.json"))
                .hasMessageStartingWith("t.json: clients[0] (\"app\"): a public client has no \"secret\"");
    }

    @Test
    void aGuessableSecretGetsTheLibrarysEntropyError() {
        // the same rule and message as SecretHash.of: at least 128 bits of estimated entropy
        String weak = "demo-secret-0123456789-abcdefghijklmnop"; // 38 characters, but words and sequences
        String confidential = CLIENT.replace("\"public\"", "\"confidential\"")
                .replace("}", ", \"secret\": \"" + weak + "\"}");
        String library = org.assertj.core.api.Assertions.catchThrowable(() -> SecretHash.of(weak)).getMessage();

        assertThatThrownBy(() -> DemoConfig.parse(file(USER, confidential), "t.json"))
                .hasMessageStartingWith("t.json: clients[0] (\"app\"): \"secret\": " + library + "; a random one: ")
                .hasMessageContaining("at least 128 bits of entropy")
                .hasMessageNotContaining(weak);
    }

    @Test
    void theBuiltInConfidentialClientsSecretIsRandomPerStart() {
        DemoConfig.ConfiguredClient first = DemoConfig.builtIn().clients().get(2);
        DemoConfig.ConfiguredClient second = DemoConfig.builtIn().clients().get(2);

        assertThat(first.client().clientId()).isEqualTo("demo-confidential");
        assertThat(first.secret()).hasSize(43).isNotEqualTo(second.secret()).isNotEqualTo(DemoConfig.GENERATED_SECRET);
        assertThat(first.client().secretHash().matches(first.secret())).isTrue();
        assertThat(first.client().secretHash().matches(second.secret())).isFalse();
    }

    @Test
    void theStorageSpiRulesAreReportedWithTheirPlace() {
        // RFC 9700 §2.6: plain http only on loopback
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("http://127.0.0.1/cb", "http://app.example/cb")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): client app: redirect URI: plain http is allowed only on "
                        + "loopback (RFC 9700 §2.6): http://app.example/cb");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("}", ", \"defaultScopes\": [\"email\"]}")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): client app: default scopes must be allowed scopes");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT.replace("}", ", \"grantTypes\": [\"client_credentials\"]}")), "t.json"))
                .hasMessage("t.json: clients[0] (\"app\"): client_credentials is for confidential clients only");
    }

    @Test
    void aUserSubjectCannotBeInTheClientNamespace_rfc9068_5() {
        assertThatThrownBy(() -> DemoConfig.parse(file("{\"username\": \"x\", \"password\": \"demo-password\", "
                + "\"subject\": \"client:demo-confidential\"}", CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"x\"): \"subject\": a user's subject cannot start with \"client:\": "
                        + "that namespace names clients acting for themselves (RFC 9068 §5)");
    }

    @Test
    void duplicatesAreRefused() {
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, CLIENT + "," + CLIENT), "t.json"))
                .hasMessage("t.json: clients[1]: the clientId \"app\" is used twice");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER + "," + USER, CLIENT), "t.json"))
                .hasMessage("t.json: users[1]: the username \"demo\" is used twice");
    }

    @Test
    void usersNeedAUsableNameAndPassword() {
        assertThatThrownBy(() -> DemoConfig.parse(file("{\"username\": \"demo\", \"password\": \"short\"}", CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"demo\"): the password of \"demo\" is shorter than 8 characters");
        assertThatThrownBy(() -> DemoConfig.parse(file("{\"username\": \"a b\", \"password\": \"demo-password\"}", CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"a b\"): \"username\" must be 1 to 64 letters, digits or . _ @ + -");
        assertThatThrownBy(() -> DemoConfig.parse(file("", CLIENT), "t.json"))
                .hasMessage("t.json: \"users\" lists nobody: add at least one user who can log in");
        assertThatThrownBy(() -> DemoConfig.parse(file(USER, ""), "t.json"))
                .hasMessage("t.json: \"clients\" lists nothing: add at least one client");
    }

    @Test
    void theFileIsStrictJson() { // RFC 8259: what a lenient reader would let through is a mistake with its place
        assertThatThrownBy(() -> DemoConfig.parse("{\"users\": [\n  {\"username\": 'demo'}]}", "t.json"))
                .hasMessageStartingWith("t.json: not valid JSON at line 2, column ");
        assertThatThrownBy(() -> DemoConfig.parse("{\"users\": 01}", "t.json"))
                .hasMessageStartingWith("t.json: not valid JSON at line 1, column ").hasMessageContaining("leading 0");
        assertThatThrownBy(() -> DemoConfig.parse("{\"users\": [\"x", "t.json"))
                .hasMessageStartingWith("t.json: not valid JSON at line 1, column ");
        assertThatThrownBy(() -> DemoConfig.parse("{\"users\": " + "[".repeat(1000), "t.json"))
                .hasMessageStartingWith("t.json: not valid JSON at line 1, column ");
    }

    @Test
    void theDemoClientShowsJsonIndentedAndOtherTextAsItIs() {
        assertThat(PrettyJson.of("{\"access_token\":\"t\",\"expires_in\":900,\"x\":[],\"a\":[1.5,true,null]}"))
                .isEqualTo("{\n  \"access_token\": \"t\",\n  \"expires_in\": 900,\n  \"x\": [],\n  \"a\": [\n"
                        + "    1.5,\n    true,\n    null\n  ]\n}");
        // what a page shows is read by people: no \\u003c for <, no \\/ for /
        assertThat(PrettyJson.of("{\"name\":\"<b>\\\"x\\\"</b>\",\"iss\":\"http://a/b\"}"))
                .isEqualTo("{\n  \"name\": \"<b>\\\"x\\\"</b>\",\n  \"iss\": \"http://a/b\"\n}");
        assertThat(PrettyJson.of("not json")).isEqualTo("not json");
    }

    @Test
    void aUserMayCarryAReadyPasswordHashInsteadOfAClearPassword() throws Exception {
        // The built-in file does, so the demo starts without spending ~1 s of PBKDF2 on its user.
        String hash = PasswordHash.of("ani-password".toCharArray(), PasswordHash.MIN_ITERATIONS).encoded();
        DemoConfig config = DemoConfig.parse(file("{\"username\": \"ani\", \"passwordHash\": \"" + hash + "\"}",
                CLIENT), "t.json");
        UserDirectory users = new UserDirectory(config.users());
        assertThat(users.authenticate("ani", "ani-password".toCharArray())).isPresent();
        assertThat(users.authenticate("ani", "wrong-password".toCharArray())).isEmpty();
        assertThat(DemoConfig.builtIn().users().get(0).password().matches(DemoPortal.DEMO_PASSWORD.toCharArray()))
                .isTrue();
    }

    @Test
    void passwordAndHashMistakesAreNamed() {
        String hash = PasswordHash.of("ani-password".toCharArray(), PasswordHash.MIN_ITERATIONS).encoded();
        assertThatThrownBy(() -> DemoConfig.parse(file("{\"username\": \"ani\", \"password\": \"ani-password\", "
                + "\"passwordHash\": \"" + hash + "\"}", CLIENT), "t.json"))
                .hasMessage("t.json: users[0] (\"ani\"): give the user \"ani\" either \"password\" or \"passwordHash\"");
        assertThatThrownBy(() -> DemoConfig.parse(file("{\"username\": \"ani\", \"passwordHash\": \"sha1$x\"}", CLIENT),
                "t.json")).hasMessageContaining("\"passwordHash\" of \"ani\": a password hash is pbkdf2-sha256$");
        String weak = PasswordHash.of("ani-password".toCharArray(), 1000).encoded();
        assertThatThrownBy(() -> DemoConfig.parse(file("{\"username\": \"ani\", \"passwordHash\": \"" + weak + "\"}",
                CLIENT), "t.json")).hasMessageContaining("at least 100000 iterations");
    }
}
