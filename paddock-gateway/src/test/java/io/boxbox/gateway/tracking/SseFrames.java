package io.boxbox.gateway.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An SSE stream read in the background, frame by frame, the way a browser's EventSource reads it. */
final class SseFrames implements AutoCloseable {

    record Frame(String event, String data) {
    }

    /** Put on the queue when the server ends the stream. */
    static final Frame END = new Frame("end", "");

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;

    SseFrames(URI uri) {
        reader = Thread.ofVirtual().name("sse-reader").start(() -> read(uri));
    }

    /** The next frame of the given kind, skipping others; fails after {@code within}. */
    Frame next(String event, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Frame frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no '" + event + "' frame within " + within);
            }
            if (frame.event().equals(event) || frame == END) {
                return frame;
            }
        }
    }

    private void read(URI uri) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build();
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                frames.add(new Frame("error", Integer.toString(response.statusCode())));
                return;
            }
            try (Stream<String> lines = response.body()) {
                String event = "message";
                StringBuilder data = new StringBuilder();
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            frames.add(new Frame(event, data.toString()));
                        }
                        event = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            }
        } catch (IOException e) {
            frames.add(new Frame("error", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            frames.add(END);
        }
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
