package io.boxbox.bench;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many messages JetStream stored, per stream, between two marks: the difference of each
 * stream's last sequence, which counts every stored message even where the stream has since
 * dropped it (work-queue {@code ORDERS} deletes an order once acknowledged; a KV bucket with a
 * history of one keeps only the latest revision). A durable write is one stored on a file-storage
 * stream: {@code ORDERS}, {@code ORDER_EVENTS}, and every file-storage KV bucket ({@code KV_*});
 * memory streams (the staff heartbeats, {@code KV_staff}) are listed but not counted as durable.
 */
final class StreamWrites {

    /** One stream's place at a mark. */
    private record Mark(StorageType storage, long lastSequence) {
    }

    private final Map<String, Mark> marks;

    private StreamWrites(Map<String, Mark> marks) {
        this.marks = marks;
    }

    static StreamWrites mark(Connection nats) throws Exception {
        Map<String, Mark> marks = new TreeMap<>();
        for (StreamInfo info : nats.jetStreamManagement().getStreams()) {
            marks.put(info.getConfiguration().getName(),
                    new Mark(info.getConfiguration().getStorageType(), info.getStreamState().getLastSequence()));
        }
        return new StreamWrites(marks);
    }

    /**
     * @param perStream       messages stored per stream since the earlier mark (name → count;
     *                        memory streams carry the suffix " (memory)")
     * @param durable         the sum over file-storage streams
     */
    record Writes(Map<String, Long> perStream, long durable) {

        double durablePer(long orders) {
            return orders == 0 ? Double.NaN : (double) durable / orders;
        }
    }

    /** What was stored from {@code earlier} to this mark. A stream created in between counts from 0. */
    Writes since(StreamWrites earlier) {
        Map<String, Long> perStream = new LinkedHashMap<>();
        long durable = 0;
        for (Map.Entry<String, Mark> stream : marks.entrySet()) {
            Mark before = earlier.marks.get(stream.getKey());
            long stored = stream.getValue().lastSequence() - (before == null ? 0 : before.lastSequence());
            boolean file = stream.getValue().storage() == StorageType.File;
            perStream.put(stream.getKey() + (file ? "" : " (memory)"), stored);
            durable += file ? stored : 0;
        }
        return new Writes(perStream, durable);
    }
}
