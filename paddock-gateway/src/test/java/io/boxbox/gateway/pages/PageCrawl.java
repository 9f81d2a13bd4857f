package io.boxbox.gateway.pages;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Follows everything a page loads — its scripts and stylesheets, then every module those scripts
 * import — and checks each answers 200 from this gateway: no CDN, no tiles. The nav's links to the
 * other pages are not followed; those pages have their own cases.
 */
final class PageCrawl {

    private static final Pattern LINKED = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private static final Pattern IMPORTED = Pattern.compile("(?:import[^'\"]*|from\\s*)['\"]([^'\"]+\\.js)['\"]");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PageCrawl() {
    }

    /** Every path {@code page} loads, directly or through imports, with its answer; the page itself first. */
    static Map<String, HttpResponse<String>> loadedBy(URI base, String page) throws IOException, InterruptedException {
        Deque<String> pending = new ArrayDeque<>();
        pending.add(page);
        Map<String, HttpResponse<String>> seen = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            String next = pending.removeFirst();
            if (seen.containsKey(next)) {
                continue;
            }
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(base.resolve(next)).build(),
                    HttpResponse.BodyHandlers.ofString());
            seen.put(next, answer);
            assertEquals(200, answer.statusCode(), next + " (loaded by " + page + ")");
            Matcher links = (next.endsWith(".js") ? IMPORTED : LINKED).matcher(answer.body());
            while (links.find()) {
                String link = links.group(1);
                if (link.startsWith("#")) {
                    continue;
                }
                URI resolved = URI.create(next).resolve(link);
                assertTrue(resolved.getScheme() == null && resolved.getAuthority() == null,
                        next + " loads from outside the gateway: " + link);
                String target = resolved.getPath();
                if (!target.equals("/") && !target.endsWith(".html")) {
                    pending.add(target);
                }
            }
        }
        return seen;
    }
}
