package io.boxbox.e2e.browser;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's {@code /usr/bin/chromium}, headless, driven through Debian's {@code /usr/bin/chromedriver}
 * with a fresh profile, and one DevTools session on its page. Both paths are given, so Selenium
 * Manager never runs (it would try to download a driver).
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final String CHROMIUM = System.getProperty("boxbox.chromium", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("boxbox.chromedriver", "/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final DevTools devTools;

    private HeadlessChromium(int width, int height) throws IOException {
        profile = Files.createTempDirectory("boxbox-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                // no crash reports, no password or translate prompts: nothing that could phone home or steal focus
                "--disable-breakpad", "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false));
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        devTools = driver.getDevTools();
        devTools.createSession();
    }

    /** A browser whose window (and, headless, viewport) is {@code width} × {@code height} CSS pixels. */
    public static HeadlessChromium start(int width, int height) throws IOException {
        return new HeadlessChromium(width, height);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public DevTools devTools() {
        return devTools;
    }

    /**
     * The page's viewport, exactly (the window size of headless Chrome is close, not exact): a phone
     * when {@code mobile}, which also makes the page honour its viewport meta tag.
     */
    public void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    @Override
    public void close() {
        try {
            devTools.close();
        } catch (RuntimeException ignored) {
            // the browser may already be gone; quitting below is what matters
        }
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is no failure of the test
        }
    }
}
