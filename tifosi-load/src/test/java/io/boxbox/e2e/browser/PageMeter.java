package io.boxbox.e2e.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each page's first load: bytes over the wire (DevTools {@code Network.loadingFinished}
 * encodedDataLength of every request of that load but its live streams, cache off) and time to
 * first render (the {@code first-contentful-paint} entry of the page's own Performance timeline),
 * printed and written as JSON.
 */
public final class PageMeter {

    /** One page's first load at one viewport. */
    public record Load(String page, String path, String viewport, long bytes, int requests, double firstContentfulPaintMs,
                       boolean settled) {
    }

    private final WireTap wire;
    private final Map<String, Load> loads = new LinkedHashMap<>();

    public PageMeter(WireTap wire) {
        this.wire = wire;
    }

    /**
     * Weighs the load of {@code path} the browser just made (its DOM is ready): waits until its
     * requests have arrived and it has painted, then keeps the first measurement of {@code page}.
     */
    public Load measure(WebDriver driver, String page, String path, String viewport) {
        String key = page + "@" + viewport;
        if (loads.containsKey(key)) {
            return loads.get(key);
        }
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        String loader = wait.withMessage(() -> "no document request for " + path + " in " + wire.requests())
                .until(d -> wire.loaderOf(path).orElse(null));
        // A measurement, not a check: what the page needs is checked by the test's own waits on the DOM,
        // so a request still under way after a long while is reported with the weight, never a failure.
        boolean settled;
        try {
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> wire.settled(loader));
            settled = true;
        } catch (org.openqa.selenium.TimeoutException stillLoading) {
            settled = false;
            System.out.println("pit wall page " + page + ": requests still under way after 60 s, weighed without them: "
                    + wire.requests().stream().filter(r -> r.loader.equals(loader) && !r.finished()).toList());
        }
        Number fcp = wait.withMessage(() -> "no first-contentful-paint entry on " + path).until(d -> (Number)
                ((JavascriptExecutor) d).executeScript(
                        "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null;"));
        WireTap.Weight weight = wire.weigh(loader);
        Load load = new Load(page, path, viewport, weight.bytes(), weight.requests(), Math.round(fcp.doubleValue() * 10) / 10.0, settled);
        if (settled) {
            // an incomplete first load is printed, and the next load of the page is weighed instead
            loads.put(key, load);
        }
        System.out.printf("pit wall page %-14s %-9s %7d B over the wire in %2d requests, first contentful paint %6.1f ms%n",
                page, viewport, load.bytes(), load.requests(), load.firstContentfulPaintMs());
        return load;
    }

    public List<Load> loads() {
        return new ArrayList<>(loads.values());
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("measured_at", Instant.now().toString());
        document.put("how", "headless Chromium, cache off; bytes: DevTools Network.loadingFinished encodedDataLength of the"
                + " page load's requests (live SSE streams excluded); first_contentful_paint_ms: Performance paint entry");
        List<Map<String, Object>> pages = new ArrayList<>();
        for (Load load : loads.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("page", load.page());
            entry.put("path", load.path());
            entry.put("viewport", load.viewport());
            entry.put("bytes", load.bytes());
            entry.put("requests", load.requests());
            entry.put("first_contentful_paint_ms", load.firstContentfulPaintMs());
            entry.put("complete", load.settled());
            pages.add(entry);
        }
        document.put("pages", pages);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
    }
}
