package org.carbonregistry.system.stack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * One {@link RegistryStack} for the test classes that only add accounts, batches and keys of their own to a registry
 * and check those, never the registry as a whole: a stack takes over half a minute to start on a small machine, its
 * use a few seconds. It is started by the first class that asks for it (a {@code @BeforeAll} parameter of this type,
 * with {@code @ExtendWith(SharedStack.class)}) and stopped when the whole test run ends. A class that stops or kills
 * its services (so that it can read their databases) leaves a stack that the next class does not get: that one
 * starts a fresh stack. Such a class runs after the others ({@link #LAST}), so that they share one start.
 */
public final class SharedStack implements ParameterResolver {

    /** {@code @Order} of the classes on the shared stack: before the classes that start stacks of their own. */
    public static final int FIRST = 1;
    /** {@code @Order} of a class on the shared stack that stops its services. */
    public static final int LAST = 2;

    /**
     * Settings of the shared stack. Compaction of the personal-data topic within seconds, so that the erasure test
     * can see the erased text go; the other topics and the services' behaviour are as in production.
     */
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "REGISTRY_PERSONAL_DATA_SEGMENT_MS", "1000",
            "REGISTRY_PERSONAL_DATA_MIN_CLEANABLE_DIRTY_RATIO", "0.01",
            "REGISTRY_PERSONAL_DATA_DELETE_RETENTION_MS", "1000",
            "REGISTRY_PERSONAL_DATA_MIN_COMPACTION_LAG_MS", "0");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Handle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Handle(context.getRoot().getStore(NAMESPACE));
    }

    /** The shared stack, started when a test first asks for it (a class may first check that it can run at all). */
    public static final class Handle {

        private final ExtensionContext.Store store;

        private Handle(ExtensionContext.Store store) {
            this.store = store;
        }

        public RegistryStack stack() throws Exception {
            synchronized (SharedStack.class) {
                Running running = store.get(Running.class, Running.class);
                if (running != null && running.stack.servicesRunning()) {
                    return running.stack;
                }
                if (running != null) {
                    store.remove(Running.class);
                    running.close();
                }
                long started = System.nanoTime();
                RegistryStack stack = RegistryStack.start(
                        Path.of("target", "system-it", "shared-" + UUID.randomUUID()).toAbsolutePath(), ENVIRONMENT);
                System.out.printf("shared stack up in %d s (%s)%n", (System.nanoTime() - started) / 1_000_000_000,
                        stack.onPostgres() ? "PostgreSQL" : "H2");
                store.put(Running.class, new Running(stack));
                return stack;
            }
        }
    }

    /** Closed by JUnit when the run ends (the root context's store closes what it holds). */
    private record Running(RegistryStack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            stack.close();
        }
    }
}
