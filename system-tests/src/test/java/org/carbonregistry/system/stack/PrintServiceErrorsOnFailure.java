package org.carbonregistry.system.stack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.function.Supplier;

/** When a test fails, prints the first errors each service logged: the test's own output rarely says why. */
public final class PrintServiceErrorsOnFailure implements TestWatcher {

    private final Supplier<RegistryStack> stack;

    public PrintServiceErrorsOnFailure(Supplier<RegistryStack> stack) {
        this.stack = stack;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        RegistryStack running = stack.get();
        if (running != null) {
            running.printLoggedErrors(System.out);
        }
    }
}
