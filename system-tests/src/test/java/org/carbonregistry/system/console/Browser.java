package org.carbonregistry.system.console;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), driven through chromedriver,
 * with a fresh profile of its own. Screens are emulated at a laptop's or a phone's width for screenshots.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    enum Screen {
        LAPTOP(1366, 900, false), PHONE(390, 844, true);

        final int width;
        final int height;
        final boolean mobile;

        Screen(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    private final Path profile;
    private final ChromeDriverService service;
    final ChromeDriver driver;
    private Screen screen = Screen.LAPTOP;

    /** Skips the calling test class (a JUnit assumption) where Chromium or chromedriver is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless Chromium is not installed (apt-get install chromium chromium-driver)");
    }

    Browser(Path logFolder) throws IOException {
        profile = Files.createTempDirectory("console-chromium-profile");
        Files.createDirectories(logFolder);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(logFolder.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + Screen.LAPTOP.width + "," + Screen.LAPTOP.height, "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", logFolder.resolve("downloads").toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        ChromeDriver started;
        try {
            started = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver = started;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        show(Screen.LAPTOP);
    }

    void open(String url) {
        driver.get(url);
    }

    /** Lays the page out as on {@code screen}: its width, a phone's touch and scaling where it is one. */
    void show(Screen screen) {
        this.screen = screen;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", screen.width,
                "height", screen.height, "deviceScaleFactor", 1, "mobile", screen.mobile));
    }

    /** A screenshot of the whole page (not only the first screen) at the current screen's width. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        long pageHeight = ((Number) script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);")).longValue();
        int height = (int) Math.min(Math.max(pageHeight, screen.height), 6000);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", screen.width,
                "height", height, "deviceScaleFactor", 1, "mobile", screen.mobile));
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + "-" + screen.name().toLowerCase() + ".png");
            Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            show(screen);
        }
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    <T> T await(Function<ChromeDriver, T> condition) {
        return await(Duration.ofSeconds(20), condition);
    }

    <T> T await(Duration timeout, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(ignored -> condition.apply(driver));
    }

    /** Waits until an element matching {@code css} is displayed, and returns it. */
    WebElement awaitVisible(String css) {
        return await(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Sets a text field's value as a paste would (typing a long proof key by key would take minutes). */
    void paste(WebElement field, String text) {
        script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                field, text);
    }

    /** What the page wrote to the console (errors included) since the last call. */
    List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
    }

    private void deleteProfile() throws IOException {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }
}
