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
public final class SseFrames implements AutoCloseable {

    /** One frame; {@code id} is null when the frame had none. */
    public record Frame(String event, String data, String id) {
        Frame(String event, String data) {
            this(event, data, null);
        }
    }

    /** Put on the queue when the server ends the stream. */
    public static final Frame END = new Frame("end", "");

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;

    public SseFrames(URI uri) {
        this(uri, null);
    }

    /** A stream resumed as a reconnecting EventSource does, with {@code Last-Event-ID} when not null. */
    public SseFrames(URI uri, String lastEventId) {
        reader = Thread.ofVirtual().name("sse-reader").start(() -> read(uri, lastEventId));
    }

    /** The next frame of the given kind, skipping others; fails after {@code within}. */
    public Frame next(String event, Duration within) throws InterruptedException {
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

    private void read(URI uri, String lastEventId) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                builder.header("Last-Event-ID", lastEventId);
            }
            HttpRequest request = builder.build();
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                frames.add(new Frame("error", Integer.toString(response.statusCode())));
                return;
            }
            try (Stream<String> lines = response.body()) {
                String event = "message";
                String id = null;
                StringBuilder data = new StringBuilder();
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            frames.add(new Frame(event, data.toString(), id));
                        }
                        event = "message";
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
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
