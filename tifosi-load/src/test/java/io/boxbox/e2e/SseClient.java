package io.boxbox.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads Server-Sent Events frames the way a browser's EventSource would: event name and data. */
final class SseClient {

    record Frame(String event, String data) {
    }

    private SseClient() {
    }

    /** Collects frames until {@code last} matches one (inclusive) or the stream ends. */
    static List<Frame> read(HttpClient http, URI uri, Duration timeout, Predicate<Frame> last)
            throws IOException, InterruptedException {
        return read(http, uri, timeout, last, frame -> { });
    }

    /** The same, telling {@code each} about every frame as it arrives. */
    static List<Frame> read(HttpClient http, URI uri, Duration timeout, Predicate<Frame> last, Consumer<Frame> each)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").timeout(timeout).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("SSE " + uri + " answered " + response.statusCode());
        }
        List<Frame> frames = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        Frame frame = new Frame(event, data.toString());
                        frames.add(frame);
                        each.accept(frame);
                        if (last.test(frame)) {
                            break;
                        }
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
        return frames;
    }
}
