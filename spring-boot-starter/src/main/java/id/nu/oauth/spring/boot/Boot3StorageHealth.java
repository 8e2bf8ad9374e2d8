package id.nu.oauth.spring.boot;

import id.nu.oauth.storage.Storage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * The store's health indicator on Spring Boot 3.5, whose health API
 * ({@code org.springframework.boot.actuate.health}) is not on the compile path of a jar built
 * against Boot 4: a proxy of Boot 3's {@code HealthIndicator} that builds its {@code Health} by
 * reflection, with the same probe and details as Boot 4's. Registered only on Boot 3.
 */
final class Boot3StorageHealth implements InvocationHandler {

    static final String INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
    static final String HEALTH = "org.springframework.boot.actuate.health.Health";
    static final String BOOT4_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";

    private final Storage storage;
    private final Class<?> health;

    private Boot3StorageHealth(Storage storage, Class<?> health) {
        this.storage = storage;
        this.health = health;
    }

    static Object create(Storage storage, ClassLoader loader) throws ClassNotFoundException {
        Class<?> indicator = Class.forName(INDICATOR, false, loader);
        return Proxy.newProxyInstance(loader, new Class<?>[] {indicator},
                new Boot3StorageHealth(storage, Class.forName(HEALTH, false, loader)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("health") && method.getParameterCount() == 0) {
            return health();
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        return switch (method.getName()) {
            case "toString" -> "nuid-oauth storage health indicator (Spring Boot 3)";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }

    private Object health() throws Throwable {
        Object builder;
        try {
            Map<String, Object> details = StorageProbe.check(storage);
            builder = health.getMethod("up").invoke(null);
            builder = builder.getClass().getMethod("withDetails", Map.class).invoke(builder, details);
        } catch (RuntimeException e) {
            builder = health.getMethod("down").invoke(null);
            builder = builder.getClass().getMethod("withException", Throwable.class).invoke(builder, e);
        }
        try {
            return builder.getClass().getMethod("build").invoke(builder);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Registers the Boot 3 indicator when the application runs Boot 3 with its actuator. */
    static final class Registrar implements ImportBeanDefinitionRegistrar, BeanClassLoaderAware, BeanFactoryAware {

        private ClassLoader loader = Boot3StorageHealth.class.getClassLoader();
        private BeanFactory beanFactory;

        @Override
        public void setBeanClassLoader(ClassLoader classLoader) {
            this.loader = classLoader;
        }

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beanFactory = beanFactory;
        }

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            String name = NuidOAuthHealthAutoConfiguration.HEALTH_INDICATOR_BEAN;
            if (!StorageFactory.present(INDICATOR, loader) || StorageFactory.present(BOOT4_INDICATOR, loader)
                    || registry.containsBeanDefinition(name)) {
                return;
            }
            Class<?> indicator;
            try {
                indicator = Class.forName(INDICATOR, false, loader);
            } catch (ClassNotFoundException e) {
                return;
            }
            RootBeanDefinition definition = new RootBeanDefinition();
            definition.setTargetType(indicator);
            definition.setInstanceSupplier(() -> {
                try {
                    return create(beanFactory.getBean(Storage.class), loader);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("Spring Boot 3's actuator went missing", e);
                }
            });
            registry.registerBeanDefinition(name, definition);
        }
    }
}
