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

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import static io.boxbox.gateway.order.GatewayTestSupport.VALID_ORDER;
import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static io.boxbox.gateway.order.GatewayTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pit-wall pages served by the gateway itself: what a browser gets at /, with which headers, and the APIs beside them. */
@MicronautTest
class PagesTest extends GatewayOnPrivateNats {

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("micronaut.server.port", "-1");
    }

    @Test
    void theRootOpensTheOrderPage() throws Exception {
        HttpResponse<String> page = fetch(base(), "/");

        assertEquals(200, page.statusCode());
        assertTrue(header(page, "Content-Type").startsWith("text/html"), header(page, "Content-Type"));
        assertTrue(page.body().contains("<form id=\"order-form\""), "the order form");
        assertTrue(page.body().contains("<html lang=\"en\">"));
        assertTrue(page.body().contains("<nav id=\"site-nav\""));
        assertEquals("no-cache", header(page, "Cache-Control"), "a page is always revalidated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/order.html", "/assets/app.css", "/assets/api.js", "/v1/menu"})
    void everyAnswerForbidsTheBrowserToFetchFromAnywhereElse(String path) throws Exception {
        HttpResponse<String> answer = fetch(base(), path);

        assertEquals(200, answer.statusCode(), path);
        String policy = header(answer, "Content-Security-Policy");
        assertTrue(policy.startsWith("default-src 'self'"), path + ": " + policy);
        assertFalse(policy.contains("unsafe-inline"), policy);
        assertEquals("nosniff", header(answer, "X-Content-Type-Options"));
    }

    @ParameterizedTest
    @CsvSource({
            "/assets/app.css, text/css",
            "/assets/api.js, javascript",
            "/assets/map.js, javascript",
            "/assets/order-page.js, javascript",
            "/assets/order-tracking.js, javascript",
            "/assets/favicon.svg, image/svg+xml"})
    void assetsComeWithTheirTypeAndAreCachedBriefly(String path, String type) throws Exception {
        HttpResponse<String> asset = fetch(base(), path);

        assertEquals(200, asset.statusCode(), path);
        assertTrue(header(asset, "Content-Type").contains(type), path + " is " + header(asset, "Content-Type"));
        assertEquals(PageHeaders.ASSET_CACHE, header(asset, "Cache-Control"), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/order.html"})
    void everythingAPageLoadsIsServedHereToo(String path) throws Exception {
        Set<String> seen = PageCrawl.loadedBy(base(), path).keySet();
        assertTrue(seen.stream().anyMatch(p -> p.equals("/assets/api.js")), "the pages share api.js: " + seen);
    }

    @Test
    void theApiAndSwaggerStillAnswerBesideThePages() throws Exception {
        assertTrue(header(fetch(base(), "/v1/menu"), "Content-Type").startsWith("application/json"));
        assertEquals(200, fetch(base(), "/swagger/paddock-gateway.yml").statusCode());
        HttpResponse<String> swaggerUi = fetch(base(), "/swagger-ui/index.html");
        assertEquals(200, swaggerUi.statusCode());
        assertEquals("", header(swaggerUi, "Content-Security-Policy"), "Swagger UI runs inline scripts: no policy there");

        HttpResponse<String> unknown = fetch(base(), "/v1/no-such-thing");
        assertEquals(404, unknown.statusCode());
        assertEquals("application/problem+json", header(unknown, "Content-Type"));
        HttpResponse<String> noPage = fetch(base(), "/no-such-page.html");
        assertEquals(404, noPage.statusCode());
        assertEquals("application/problem+json", header(noPage, "Content-Type"));
    }

    @Test
    void anAcceptedOrderNamesItsPageAndThePageIsThere() throws Exception {
        HttpResponse<String> response = send(base(), "application/json", VALID_ORDER);

        assertEquals(202, response.statusCode(), response.body());
        JsonNode accepted = json.readTree(response.body());
        String orderId = accepted.get("order_id").asText();
        String pageUrl = accepted.get("page_url").asText();
        assertEquals("/order.html?id=" + orderId, pageUrl);
        assertFalse(pageUrl.contains(accepted.get("order_token").asText()), "the token never goes into a URL the server sees");
        assertEquals("/v1/order/" + orderId + "/sse", accepted.get("tracking_url").asText(), "tracking_url stays the stream");

        HttpResponse<String> page = fetch(base(), pageUrl);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"order-number\""), "the my-order page");
    }

    @Test
    void theOpenApiDocumentDescribesPageUrl() throws Exception {
        String spec = fetch(base(), "/swagger/paddock-gateway.yml").body();
        assertTrue(spec.contains("page_url"), "page_url is in the OpenAPI document");
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }

    private URI base() {
        return server.getURI();
    }
}
