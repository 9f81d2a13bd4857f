package io.boxbox.gateway.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A light SSE client for tests that open hundreds of streams: one virtual thread each on a shared
 * HTTP client, keeping only the ids of the {@code state} frames (stream sequences), in arrival order.
 */
final class SseWatcher implements AutoCloseable {

    private final List<Long> ids = new ArrayList<>();
    private final Thread reader;
    private volatile Stream<String> lines;
    private volatile boolean ended;
    private volatile int status;

    SseWatcher(HttpClient http, URI uri, String lastEventId) {
        reader = Thread.ofVirtual().name("sse-watcher").start(() -> read(http, uri, lastEventId));
    }

    private void read(HttpClient http, URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            lines = response.body();
            String event = "message";
            String id = null;
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.isEmpty()) {
                    // a frame's fields come in any order; it ends at the blank line
                    if (event.equals("state") && id != null) {
                        synchronized (ids) {
                            ids.add(Long.parseLong(id));
                            ids.notifyAll();
                        }
                    }
                    event = "message";
                    id = null;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the stream was cut (by the gateway, or by close())
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
            synchronized (ids) {
                ids.notifyAll();
            }
        }
    }

    /** Waits until a state frame with id {@code sequence} or later arrived, or the stream ended; false after {@code within}. */
    boolean awaitSequence(long sequence, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (ids) {
            while (ids.isEmpty() || ids.getLast() < sequence) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return false;
                }
                ids.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Waits until the server ended the stream; false after {@code within}. */
    boolean awaitEnd(Duration within) throws InterruptedException {
        reader.join(within);
        return ended;
    }

    List<Long> ids() {
        synchronized (ids) {
            return new ArrayList<>(ids);
        }
    }

    int status() {
        return status;
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
    }
}
