package io.boxbox.maestro.queue;

import io.boxbox.pacchetto.jetstream.Topology;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.LongCounter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where messages nobody can read go: stream {@code DEAD_LETTERS}, subject
 * {@code orders.dead.<stream sequence>}, with the original subject and the reason in headers,
 * so an engineer can inspect them; counted as {@code boxbox.orders.dead_letters}.
 */
@Singleton
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final JetStream jetStream;
    private final LongCounter counted = GlobalOpenTelemetry.getMeter("io.boxbox.maestro")
            .counterBuilder("boxbox.orders.dead_letters").setDescription("Unreadable order messages set aside").build();

    public DeadLetters(JetStream jetStream) {
        this.jetStream = jetStream;
    }

    /** Records the message; returns false when even that failed (the caller then leaves it for redelivery). */
    public boolean record(Message message, String reason) {
        // header values are one line of printable text; parser messages are neither
        String oneLine = reason.replaceAll("[\\p{Cntrl}]+", " ").strip();
        try {
            Headers headers = new Headers()
                    .put("Boxbox-Original-Subject", message.getSubject())
                    .put("Boxbox-Reason", oneLine.length() > 500 ? oneLine.substring(0, 500) : oneLine);
            long sequence = message.metaData().streamSequence();
            jetStream.publish(Topology.DEAD_LETTER_SUBJECT_PREFIX + sequence, headers, message.getData());
            counted.add(1);
            LOG.error("dead letter: {} set aside as {}{}: {}", message.getSubject(), Topology.DEAD_LETTER_SUBJECT_PREFIX,
                    sequence, oneLine);
            return true;
        } catch (Exception e) {
            LOG.warn("could not set aside unreadable {}: {}", message.getSubject(), e.toString());
            return false;
        }
    }
}
