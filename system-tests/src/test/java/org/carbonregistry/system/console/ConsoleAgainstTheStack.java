package org.carbonregistry.system.console;

import org.carbonregistry.system.stack.RegistryStack;
import org.carbonregistry.system.stack.SharedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What every console browser test stands on: the three services as separate processes on a real Kafka broker (the
 * {@link SharedStack}: each test makes accounts, projects and batches of its own) and a headless Chromium of the
 * class's own; skipped where Chromium is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedStack.class)
abstract class ConsoleAgainstTheStack {

    protected RegistryStack stack;
    protected Browser browser;
    /** The class's own folder: its browser profile, downloads, files to upload and evidence of failures. */
    protected Path folder;

    @BeforeAll
    void startTheRegistryAndABrowser(SharedStack.Handle shared) throws Exception {
        Browser.assumeInstalled();
        folder = Path.of("target", "console-it", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(folder);
        stack = shared.stack();
        browser = new Browser(folder.resolve("browser"));
    }

    @AfterAll
    void stopTheBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** A failed test leaves a screenshot and the page's console messages beside the services' logs. */
    @RegisterExtension
    final AfterTestExecutionCallback evidence = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            String name = "failed-" + context.getRequiredTestMethod().getName();
            browser.screenshot(name);
            Files.write(folder.resolve(name + "-console.log"), browser.consoleMessages());
        }
    };

    protected String console(String page) {
        return stack.registry().url() + "/console/" + page;
    }
}
