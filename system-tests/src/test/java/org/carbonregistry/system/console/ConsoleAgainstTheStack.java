package org.carbonregistry.system.console;

import org.carbonregistry.system.stack.RegistryStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What every console browser test stands on: the three services as separate processes on a real Kafka broker and a
 * headless Chromium, started once per class; skipped where Chromium is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleAgainstTheStack {

    protected RegistryStack stack;
    protected Browser browser;

    @BeforeAll
    void startTheRegistryAndABrowser() throws Exception {
        Browser.assumeInstalled();
        Path folder = Path.of("target", "console-it", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        stack = RegistryStack.start(folder);
        browser = new Browser(folder.resolve("browser"));
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** A failed test leaves a screenshot and the page's console messages beside the services' logs. */
    @RegisterExtension
    final AfterTestExecutionCallback evidence = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            String name = "failed-" + context.getRequiredTestMethod().getName();
            browser.screenshot(name);
            Files.write(stack.folder().resolve(name + "-console.log"), browser.consoleMessages());
        }
    };

    protected String console(String page) {
        return stack.registry().url() + "/console/" + page;
    }
}
