package id.nu.oauth.jpms.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.client.Client;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.micrometer.OAuthMetrics;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import id.nu.oauth.testkit.OAuthTestServer;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What each published module exports, opens and keeps to itself, as seen from a host module on the
 * module path. The export sets here are the ones CHANGELOG.md's "Public API" table promises.
 */
class ModuleBoundaryTest {

    private static final Map<Class<?>, List<String>> MODULES = Map.of(
            Client.class, List.of("id.nu.oauth.storage", "id.nu.oauth.client", "id.nu.oauth.storage", "id.nu.oauth.storage.memory"),
            AuthorizationServer.class, List.of("id.nu.oauth.core", "id.nu.oauth.core"),
            JdbcStorage.class, List.of("id.nu.oauth.storage.jdbc", "id.nu.oauth.storage.jdbc"),
            OAuthEndpoints.class, List.of("id.nu.oauth.servlet", "id.nu.oauth.servlet"),
            OAuthMetrics.class, List.of("id.nu.oauth.micrometer", "id.nu.oauth.micrometer"),
            OAuthTestServer.class, List.of("id.nu.oauth.testkit", "id.nu.oauth.testkit"));

    @Test
    void theHostAndEveryPublishedModuleAreNamedModulesOnTheModulePath() {
        assertThat(getClass().getModule().getName()).isEqualTo("id.nu.oauth.jpms.it");
        MODULES.forEach((type, expected) -> {
            Module module = type.getModule();
            assertThat(module.isNamed()).as(type.getName()).isTrue();
            assertThat(module.getName()).isEqualTo(expected.get(0));
            assertThat(module.getDescriptor().isAutomatic()).as(module.getName()).isFalse();
        });
    }

    @Test
    void eachModuleExportsExactlyItsPublicPackagesToEveryone() {
        MODULES.forEach((type, expected) -> {
            ModuleDescriptor descriptor = type.getModule().getDescriptor();
            assertThat(descriptor.exports()).as(descriptor.name()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
            assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source))
                    .as(descriptor.name())
                    .containsExactlyInAnyOrderElementsOf(Set.copyOf(expected.subList(1, expected.size())));
        });
    }

    @Test
    void onlyTheJdbcMigrationFoldersAreOpen() {
        MODULES.keySet().stream().filter(t -> t != JdbcStorage.class).forEach(type ->
                assertThat(type.getModule().getDescriptor().opens()).as(type.getModule().getName()).isEmpty());
        assertThat(JdbcStorage.class.getModule().getDescriptor().opens().stream().map(ModuleDescriptor.Opens::source))
                .containsExactlyInAnyOrder("db.migration.nuid_oauth.h2", "db.migration.nuid_oauth.postgresql");
        // open, so a host's Flyway or Liquibase (which use a class loader) finds the scripts on the module path
        assertThat(ClassLoader.getSystemClassLoader().getResource("db/migration/nuid_oauth/h2/V1__nuid_oauth_schema.sql"))
                .isNotNull();
    }

    @Test
    void noTwoOfTheModulesShareAPackage() {
        Map<String, String> owner = new HashMap<>();
        ModuleLayer.boot().modules().stream()
                .filter(m -> m.getName().startsWith("id.nu.oauth"))
                .forEach(m -> m.getPackages().forEach(p ->
                        assertThat(owner.put(p, m.getName())).as("package " + p + " in " + m.getName()).isNull()));
        assertThat(owner).containsKeys("id.nu.oauth.core", "id.nu.oauth.client", "id.nu.oauth.storage.jdbc");
    }

    @Test
    void aPackagePrivateEngineClassCannotBeOpenedByReflection() throws Exception {
        Class<?> hasher = Class.forName("id.nu.oauth.core.TokenHasher"); // package-private in id.nu.oauth.core
        Constructor<?> constructor = hasher.getDeclaredConstructor();
        assertThatThrownBy(constructor::newInstance).isInstanceOf(IllegalAccessException.class);
        // the package is exported but not open: deep reflection is refused by the module system
        assertThat(constructor.trySetAccessible()).isFalse();
        assertThat(AuthorizationServer.class.getModule().isOpen("id.nu.oauth.core", getClass().getModule())).isFalse();
    }

    @Test
    void theEngineKeepsItsDependenciesToItselfAndPassesOnWhatItsSignaturesName() {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = AuthorizationServer.class.getModule()
                .getDescriptor().requires().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        // Nimbus and SLF4J are the engine's own business: requires, not requires transitive
        for (String own : List.of("oauth2.oidc.sdk", "com.nimbusds.jose.jwt", "json.smart", "org.slf4j")) {
            assertThat(requires.get(own)).as(own).isNotNull().doesNotContain(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
        }
        assertThat(requires.get("id.nu.oauth.storage")).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
        Module host = getClass().getModule();
        assertThat(host.canRead(ModuleLayer.boot().findModule("com.nimbusds.jose.jwt").orElseThrow())).isFalse();
        // what the public signatures name is read through requires transitive
        Set<String> read = ModuleLayer.boot().modules().stream().filter(host::canRead).map(Module::getName)
                .collect(Collectors.toSet());
        assertThat(read).contains("id.nu.oauth.storage", "java.sql", "jakarta.servlet", "micrometer.core",
                "org.junit.jupiter.api");
    }
}
