package io.boxbox.gateway.pages;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The pit-wall pages' headers. A Content-Security-Policy of {@code 'self'} for every answer, so no
 * page (and no script slipped into one) can make the browser fetch from anywhere but this gateway;
 * Swagger UI, which ships inline scripts, is left out. Assets are cached briefly and revalidated
 * (their names carry no version), pages are always revalidated, so a new build shows at once.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class PageHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'";
    static final String ASSET_CACHE = "public, max-age=300, must-revalidate";
    static final String PAGE_CACHE = "no-cache";

    @ResponseFilter
    public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = request.getPath();
        if (path.startsWith("/swagger-ui")) {
            return;
        }
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        // the order page's address carries the order id; nothing needs to learn it from a Referer
        response.header("Referrer-Policy", "no-referrer");
        if (request.getMethod() != HttpMethod.GET || response.getHeaders().contains(HttpHeaders.CACHE_CONTROL)) {
            return;
        }
        if (path.startsWith("/assets/")) {
            response.header(HttpHeaders.CACHE_CONTROL, ASSET_CACHE);
        } else if (path.equals("/") || path.endsWith(".html")) {
            response.header(HttpHeaders.CACHE_CONTROL, PAGE_CACHE);
        }
    }
}
