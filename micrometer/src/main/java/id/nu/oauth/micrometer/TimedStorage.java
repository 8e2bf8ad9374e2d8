package id.nu.oauth.micrometer;

import id.nu.oauth.storage.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Storage} that times every call of the store it wraps, as the timer
 * {@value #STORAGE_CALLS} with the tags {@code store} (the {@link Storage} method that gives the
 * store: {@code clients}, {@code codes}, {@code grants}, {@code tokens}, {@code consents}, …, or
 * {@code storage} for the storage's own methods), {@code operation} (the method, such as
 * {@code consume} or {@code rotate}) and {@code outcome} ({@code success} or {@code failure}, when the
 * store threw). The calls and their results pass through unchanged.
 *
 * <p>Every method of the storage interfaces is timed, including ones added later, with no change
 * here: the wrapper is a dynamic proxy of the interfaces.
 *
 * <pre>{@code
 * Storage storage = TimedStorage.wrap(JdbcStorage.postgres(dataSource), registry);
 * AuthorizationServer.builder().issuer(issuer).storage(storage).build();
 * }</pre>
 */
public final class TimedStorage {

    /** The storage timer's name. */
    public static final String STORAGE_CALLS = "nuid.oauth.storage.calls";

    private TimedStorage() {
    }

    /** {@code storage}, timed into {@code registry}. */
    public static Storage wrap(Storage storage, MeterRegistry registry) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(registry, "registry");
        return proxy(Storage.class, storage, "storage", registry);
    }

    private static <T> T proxy(Class<T> type, Object target, String store, MeterRegistry registry) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new Timing(target, store, registry)));
    }

    /** Times each call; a method of {@link Storage} that returns a store gives the store timed. */
    private static final class Timing implements InvocationHandler {
        private final Object target;
        private final String store;
        private final MeterRegistry registry;
        /** The stores handed out, wrapped once each (keyed by the method that gives them). */
        private final Map<Method, Object[]> stores = new ConcurrentHashMap<>();

        Timing(Object target, String store, MeterRegistry registry) {
            this.target = target;
            this.store = store;
            this.registry = registry;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "TimedStorage[" + target + "]";
                };
            }
            if (isStoreGetter(method)) {
                return timedStore(method, invokeTarget(method, args));
            }
            long start = System.nanoTime();
            String outcome = "failure";
            try {
                Object result = invokeTarget(method, args);
                outcome = "success";
                return result;
            } finally {
                Timer.builder(STORAGE_CALLS)
                        .description("Calls of the authorization server's storage")
                        .tag("store", store)
                        .tag("operation", method.getName())
                        .tag("outcome", outcome)
                        .register(registry)
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }

        private Object invokeTarget(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /** {@code clients()}, {@code tokens()}…: no parameters, an interface of the storage SPI. */
        private boolean isStoreGetter(Method method) {
            Class<?> type = method.getReturnType();
            return target instanceof Storage && method.getParameterCount() == 0 && type.isInterface()
                    && type.getPackageName().equals(Storage.class.getPackageName());
        }

        private Object timedStore(Method method, Object actual) {
            if (actual == null) {
                return null;
            }
            Object[] cached = stores.get(method);
            if (cached != null && cached[0] == actual) {
                return cached[1];
            }
            Object wrapped = proxy(method.getReturnType(), actual, method.getName(), registry);
            stores.put(method, new Object[] {actual, wrapped});
            return wrapped;
        }
    }
}
