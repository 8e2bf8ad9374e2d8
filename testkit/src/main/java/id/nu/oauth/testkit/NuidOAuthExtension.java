package id.nu.oauth.testkit;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link NuidOAuthTest}: resolves {@link OAuthTestServer}
 * parameters with a server made for the current test (or, per class, for the test class) and
 * closes it afterwards. Use it through the annotation, through
 * {@code @ExtendWith(NuidOAuthExtension.class)} (one server per test), or registered in a field to
 * build the servers another way.
 *
 * <pre>{@code
 * class ShortTokensTest {
 *     @RegisterExtension
 *     static NuidOAuthExtension oauth = NuidOAuthExtension.using(() -> OAuthTestServer.builder()
 *             .configure(engine -> engine.accessTokenLifetime(Duration.ofMinutes(1)))
 *             .build());
 *
 *     @Test
 *     void expiresAfterAMinute(OAuthTestServer server) {
 *         String bearer = server.issueAccessToken("alice", "app");
 *         server.advance(Duration.ofSeconds(61));
 *         assertThat(server.isActive(bearer)).isFalse();
 *     }
 * }
 * }</pre>
 *
 * <p>Within one test, the test method, its {@code @BeforeEach} and {@code @AfterEach} methods get
 * the same server. Per class, the constructor and {@code @BeforeAll} get it too. Nested classes
 * get their own.
 */
public final class NuidOAuthExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NuidOAuthExtension.class);
    private static final String KEY = "server";

    private final Supplier<OAuthTestServer> factory;
    private final Boolean perClass;

    /** One {@link OAuthTestServer#create()} per test, or per class as {@link NuidOAuthTest#perClass()} says. */
    public NuidOAuthExtension() {
        this(OAuthTestServer::create, null);
    }

    private NuidOAuthExtension(Supplier<OAuthTestServer> factory, Boolean perClass) {
        this.factory = factory;
        this.perClass = perClass;
    }

    /** An extension making each test's server with {@code factory}. */
    public static NuidOAuthExtension using(Supplier<OAuthTestServer> factory) {
        return new NuidOAuthExtension(Objects.requireNonNull(factory, "factory"), Boolean.FALSE);
    }

    /** An extension making one server per test class with {@code factory}. */
    public static NuidOAuthExtension perClassUsing(Supplier<OAuthTestServer> factory) {
        return new NuidOAuthExtension(Objects.requireNonNull(factory, "factory"), Boolean.TRUE);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == OAuthTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext owner = owner(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, k -> new Holder(factory.get()), Holder.class).server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeIn(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeIn(context);
    }

    private static void closeIn(ExtensionContext context) {
        Holder holder = context.getStore(NAMESPACE).remove(KEY, Holder.class);
        if (holder != null) {
            holder.server.close();
        }
    }

    /** The context the server belongs to: the test's, or the class's when shared per class. */
    private ExtensionContext owner(ExtensionContext context) {
        if (isPerClass(context) || context.getTestMethod().isEmpty()) {
            return classContext(context);
        }
        return context;
    }

    private boolean isPerClass(ExtensionContext context) {
        if (perClass != null) {
            return perClass;
        }
        Optional<Class<?>> testClass = context.getTestClass();
        return testClass.flatMap(c -> AnnotationSupport.findAnnotation(c, NuidOAuthTest.class))
                .map(NuidOAuthTest::perClass).orElse(false);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** Not AutoCloseable on purpose: the callbacks above close it, on every JUnit 5 version alike. */
    private static final class Holder {
        final OAuthTestServer server;

        Holder(OAuthTestServer server) {
            this.server = server;
        }
    }
}
