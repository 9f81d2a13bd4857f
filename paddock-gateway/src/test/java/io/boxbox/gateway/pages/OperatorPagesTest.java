package io.boxbox.gateway.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator pages (pit wall, staff, race control): served with the shell the browser test relies
 * on, everything they load (stylesheets, scripts, every module they import, relative or not) served
 * by this gateway, and race control's refusal a problem with words the page can show.
 */
@MicronautTest
class OperatorPagesTest extends GatewayOnPrivateNats {

    private static final String TOKEN = "operator-pages-test-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("micronaut.server.port", "-1", "boxbox.admin.token", TOKEN,
                // no service answers here: a short gather keeps the 503 quick
                "boxbox.admin.gather", "100ms");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/board.html | id=\"throughput-chart\" | <svg id=\"fleet-map\"",
            "/staff.html | id=\"staff-roster\" | id=\"staff-status\" role=\"status\"",
            "/race-control.html | <input id=\"admin-token\" type=\"password\" | <p id=\"race-control-status\" role=\"status\""})
    void eachOperatorPageHasTheShellAndItsLandmarks(String path, String landmark, String another) throws Exception {
        HttpResponse<String> page = fetch(server.getURI(), path);

        assertEquals(200, page.statusCode(), path);
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
        String html = page.body();
        assertTrue(html.contains("<html lang=\"en\">"), path);
        assertTrue(html.contains("<nav id=\"site-nav\""), path);
        assertEquals(1, html.split("<main", -1).length - 1, path + " has one <main>");
        assertTrue(html.contains(landmark), path + " has " + landmark);
        assertTrue(html.contains(another), path + " has " + another);
        assertTrue(html.contains("name=\"viewport\""), path + " is laid out for phones");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/board.html", "/staff.html", "/race-control.html"})
    void everythingAnOperatorPageLoadsIsServedHere(String path) throws Exception {
        Map<String, HttpResponse<String>> loaded = PageCrawl.loadedBy(server.getURI(), path);
        loaded.forEach((loadedPath, answer) -> {
            if (loadedPath.endsWith(".js")) {
                assertTrue(answer.headers().firstValue("Content-Type").orElse("").contains("javascript"), loadedPath);
            }
        });
        Set<String> seen = loaded.keySet();
        assertTrue(seen.contains("/assets/api.js"), "the shell's api.js: " + seen);
        assertTrue(seen.contains("/assets/app.css"), "the shell's app.css: " + seen);
    }

    @Test
    void raceControlWithoutTheTokenIsRefusedInWordsThePageShows() throws Exception {
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(server.getURI().resolve("/admin/v1/mishaps/panettiere"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = json.readTree(refused.body());
        assertEquals("Admin token required", problem.get("title").asText());
        assertTrue(problem.get("detail").asText().contains("BOXBOX_ADMIN_TOKEN"), problem.toString());
    }

    @Test
    void theSlidersReadTheOddsInForceAndSayWhenNoInstanceAnswers() throws Exception {
        // The sliders start from GET /admin/v1/mishaps/{service}; with nobody running it answers why.
        HttpResponse<String> nobody = HTTP.send(HttpRequest.newBuilder(server.getURI().resolve("/admin/v1/mishaps/panettiere"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(503, nobody.statusCode(), nobody.body());
        assertTrue(json.readTree(nobody.body()).get("detail").asText().contains("no instance of panettiere answered"),
                nobody.body());
    }
}
