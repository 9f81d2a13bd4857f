package io.boxbox.gateway.trace;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.boxbox.pacchetto.telemetry.KeptSpan;
import jakarta.inject.Singleton;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the spans of one trace from the local trace keeper's file. The gateway receives no spans
 * itself: every service's agent exports to the keeper (a separate process {@code ./boxbox up}
 * starts when no collector is configured), which appends each span as a JSON line. On the same
 * machine the gateway reads that file, so it sees every service's spans. Each request reads the
 * whole file, parsing only the lines that name the trace (a plain text match first), so its cost
 * grows with the file (a day's run: some MB, tens of ms); nothing is cached. With a collector or
 * Jaeger (compose), there is no file: empty.
 */
@Singleton
public class TraceShelf {

    private final Optional<Path> file;
    private final ObjectReader reader;

    public TraceShelf(TraceSettings settings, ObjectMapper json) {
        this.file = settings.file() == null || settings.file().isBlank() ? Optional.empty() : Optional.of(Path.of(settings.file()));
        this.reader = json.readerFor(KeptSpan.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Whether a trace keeper's file is configured and exists. */
    public boolean isKept() {
        return file.isPresent() && Files.isRegularFile(file.get());
    }

    public Optional<Path> file() {
        return file;
    }

    /** The spans kept of {@code traceId} (32 lower-case hex digits); empty when none or no file. */
    public List<KeptSpan> spansOf(String traceId) throws IOException {
        if (file.isEmpty()) {
            return List.of();
        }
        String needle = "\"trace_id\":\"" + traceId + "\"";
        List<KeptSpan> spans = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains(needle)) {
                    spans.add(reader.readValue(line));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return spans;
    }
}
