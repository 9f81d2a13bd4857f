package io.boxbox.pacchetto.crew;

import io.boxbox.pacchetto.grpc.CallerHangUp;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One shift of one kitchen endpoint: take a person from the crew for an order, let them work,
 * release them. A crew that cannot take the order answers the caller with the typed refusal
 * ({@link Refusals#from}); a caller who hangs up stops the work and frees the person at once,
 * until the work says it is {@linkplain Job#committed() committed} (the pizza is in the car).
 * The three kitchen services serve every order through here.
 */
public final class Shift {

    /** The person's part of the order; sleeps through the simulation clock, so a hang-up interrupts it. */
    @FunctionalInterface
    public interface Work<R> {
        R by(CrewMember person, Job job) throws InterruptedException;
    }

    /** What the work can tell its shift. */
    public interface Job {
        /** From here on the work goes on even if the caller hangs up. */
        void committed();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Shift.class);

    private final Crew crew;
    private final Duration handWait;
    private final SimClock clock;

    /** A shift whose busy crew refuses at once. */
    public Shift(Crew crew) {
        this(crew, Duration.ZERO, null);
    }

    /** A shift whose busy crew lets a request wait up to {@code handWait} for free hands ({@link Crew#assign(String, Duration, Duration, SimClock)}). */
    public Shift(Crew crew, Duration handWait, SimClock clock) {
        if (handWait.isPositive() && clock == null) {
            throw new IllegalArgumentException("a shift that waits for free hands needs the simulation clock");
        }
        this.crew = crew;
        this.handWait = handWait;
        this.clock = clock;
    }

    public Crew crew() {
        return crew;
    }

    /**
     * Serves one order. Returns the work's result; empty when nobody could take it (the caller was
     * told why and when to come back), when the caller hung up, or when the service is shutting down.
     */
    public <R> Optional<R> work(String orderId, Duration busyRetryHint, StreamObserver<?> responses, Work<R> work) {
        Assignment assignment;
        try {
            // with no hand-wait this is the plain assignment: it never waits, nor touches the clock
            assignment = crew.assign(orderId, busyRetryHint, handWait, clock);
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            responses.onError(Refusals.closing(crew.service(), orderId, busyRetryHint));
            return Optional.empty();
        }
        if (assignment instanceof Assignment.Refused refused) {
            responses.onError(Refusals.from(refused));
            return Optional.empty();
        }
        CrewMember person = ((Assignment.Taken) assignment).member();
        MDC.put("order_id", orderId);
        MDC.put("person", person.name());
        Telemetry.tagCurrent(orderId, person.name());
        AtomicReference<R> result = new AtomicReference<>();
        try {
            boolean done = CallerHangUp.attend(responses, crew.service() + " is closing: order " + orderId + " abandoned",
                    hangUp -> result.set(work.by(person, hangUp::close)));
            if (!done) {
                LOG.info("{} stops working on order {}: the caller hung up or {} is closing", person.name(), orderId,
                        crew.service());
            }
            return done ? Optional.ofNullable(result.get()) : Optional.empty();
        } finally {
            crew.release(person, orderId);
            MDC.remove("order_id");
            MDC.remove("person");
        }
    }
}
