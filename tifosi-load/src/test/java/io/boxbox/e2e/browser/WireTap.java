package io.boxbox.e2e.browser;

import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.network.Network;
import org.openqa.selenium.devtools.v156.network.model.ResourceType;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request the page makes, from the DevTools Network domain: where it went, which page load
 * (loader) it belongs to, and how many bytes came over the wire for it. The browser cache is off,
 * so each page load is weighed as a first visit.
 */
public final class WireTap {

    /** One request; {@code bytes} is set once it finished (-1 while under way), {@code failure} when it failed. */
    public static final class Request {
        public final String id;
        public final String loader;
        public final String url;
        public final String method;
        public final String type;
        volatile long bytes = -1;
        volatile int status;
        volatile String failure;

        Request(String id, String loader, String url, String method, String type) {
            this.id = id;
            this.loader = loader;
            this.url = url;
            this.method = method;
            this.type = type;
        }

        public boolean finished() {
            return bytes >= 0 || failure != null;
        }

        public boolean isStream() {
            return type.equals(ResourceType.EVENTSOURCE.toString()) || type.equals(ResourceType.WEBSOCKET.toString());
        }

        public int status() {
            return status;
        }

        @Override
        public String toString() {
            return method + " " + url + " (" + type + (status > 0 ? ", " + status : "") + (failure != null ? ", " + failure : "")
                    + (bytes >= 0 ? ", " + bytes + " B" : "") + ")";
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Request> byId = new ConcurrentHashMap<>();

    public WireTap(DevTools devTools) {
        devTools.send(Network.enable(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        devTools.send(Network.setCacheDisabled(true));
        devTools.addListener(Network.requestWillBeSent(), sent -> {
            Request request = new Request(sent.getRequestId().toString(), sent.getLoaderId().toString(),
                    sent.getRequest().getUrl(), sent.getRequest().getMethod(),
                    sent.getType().map(ResourceType::toString).orElse("Other"));
            // a redirect reuses the request id: the new hop replaces the old one
            byId.put(request.id, request);
            requests.add(request);
        });
        devTools.addListener(Network.responseReceived(), received -> {
            Request request = byId.get(received.getRequestId().toString());
            if (request != null) {
                request.status = received.getResponse().getStatus();
            }
        });
        devTools.addListener(Network.loadingFinished(), finished -> {
            Request request = byId.get(finished.getRequestId().toString());
            if (request != null) {
                request.bytes = finished.getEncodedDataLength().longValue();
            }
        });
        devTools.addListener(Network.loadingFailed(), failed -> {
            Request request = byId.get(failed.getRequestId().toString());
            if (request != null) {
                request.failure = failed.getErrorText();
            }
        });
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests to anywhere but {@code origin} (scheme, host and port); {@code data:} and {@code blob:} stay in the page. */
    public List<Request> leavingFor(URI origin) {
        List<Request> foreign = new ArrayList<>();
        for (Request request : requests) {
            if (request.url.startsWith("data:") || request.url.startsWith("blob:")) {
                continue;
            }
            URI to = URI.create(request.url);
            if (!(origin.getScheme().equals(to.getScheme()) && origin.getHost().equals(to.getHost())
                    && origin.getPort() == to.getPort())) {
                foreign.add(request);
            }
        }
        return foreign;
    }

    /** The loader of the latest navigation to a document whose path is {@code path}. */
    public Optional<String> loaderOf(String path) {
        for (Request request : requests.reversed()) {
            if (request.type.equals(ResourceType.DOCUMENT.toString()) && URI.create(request.url).getPath().equals(path)) {
                return Optional.of(request.loader);
            }
        }
        return Optional.empty();
    }

    /** Everything of one page load but its live streams has arrived (or failed). */
    public boolean settled(String loader) {
        return requests.stream().filter(r -> r.loader.equals(loader) && !r.isStream()).allMatch(Request::finished);
    }

    /** The page load's weight so far: bytes over the wire of its finished requests (live streams never finish). */
    public Weight weigh(String loader) {
        long bytes = 0;
        int count = 0;
        for (Request request : requests) {
            if (request.loader.equals(loader) && request.bytes >= 0) {
                bytes += request.bytes;
                count++;
            }
        }
        return new Weight(bytes, count);
    }

    public record Weight(long bytes, int requests) {
    }
}
