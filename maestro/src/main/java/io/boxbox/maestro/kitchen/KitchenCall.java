package io.boxbox.maestro.kitchen;

import io.boxbox.maestro.pass.PassSettings;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.nats.client.JetStreamApiException;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way the maestro calls a kitchen service for an order: check the order still wants it,
 * call with a deadline, and on "not now" record the wait once (with the reason, and the typed
 * absences on the wait span), pause as long as the service hints, and call again; an order refused
 * for longer than {@code stuck-after} is handed back. Each call runs in its own cancellable gRPC
 * context, cancelled when the customer cancels the order ({@link CancelWatch}) and whenever the
 * maestro stops reading it (an answer that ends the station's work, an exception, a give-up, a
 * shutdown), so no kitchen keeps working for a call nobody reads.
 */
@Singleton
public class KitchenCall {

    private final OrderJournal journal;
    private final CancelWatch cancels;
    private final Patience patience;
    private final SimClock clock;
    private final PassSettings settings;
    private final Tracer tracer;

    @Inject
    public KitchenCall(OrderJournal journal, CancelWatch cancels, Patience patience, SimClock clock, PassSettings settings) {
        this(journal, cancels, patience, clock, settings, Telemetry.tracer());
    }

    public KitchenCall(OrderJournal journal, CancelWatch cancels, Patience patience, SimClock clock, PassSettings settings,
                       Tracer tracer) {
        this.journal = journal;
        this.cancels = cancels;
        this.patience = patience;
        this.clock = clock;
        this.settings = settings;
        this.tracer = tracer;
    }

    /**
     * Serves the order at one counter until it answers. Throws {@link IllegalTransitionException}
     * when the order ended meanwhile (cancelled by the customer): the lifecycle no longer lets the
     * station move it, exactly as if it had tried. {@link KitchenFailure} when the service refuses
     * for good, {@code StuckOrderException} when it refused for too long.
     */
    public <R> R serve(String orderId, Counter<R> counter) throws IOException, JetStreamApiException, InterruptedException {
        int refusals = 0;
        String stockWait = null;
        try (Waiting waiting = new Waiting(tracer, counter.waitName(), orderId)) {
            while (true) {
                Context.CancellableContext call = Context.current().withCancellation();
                cancels.watch(orderId, call);
                AtomicBoolean taken = new AtomicBoolean();
                try {
                    stopIfEnded(orderId, counter);
                    Deadline deadline = Deadline.after(settings.callDeadline().toMillis(), TimeUnit.MILLISECONDS);
                    Context previous = call.attach();
                    try {
                        return counter.once(deadline, () -> {
                            taken.set(true);
                            waiting.taken();
                        });
                    } finally {
                        call.detach(previous);
                    }
                } catch (StatusRuntimeException e) {
                    if (CancelWatch.cancelledByTheCustomer(call)) {
                        throw ended(orderId, counter);
                    }
                    if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                        throw new InterruptedException("the maestro is shutting down: " + counter.service() + " call of order "
                                + orderId + " cancelled");
                    }
                    if (Refusals.isOutOfStock(e)) {
                        // Stock comes back with the supplier: a wait, never a failure and never "stuck".
                        String reason = reason(counter.service(), e);
                        if (!reason.equals(stockWait)) {
                            counter.waitingForStock(reason);
                            stockWait = reason;
                        }
                        waiting.refused(reason, List.of(), List.of());
                        clock.waitWallClock(patience.afterRefusal(e, Math.max(++refusals, 1)));
                        continue;
                    }
                    if (!Refusals.isTemporary(e)) {
                        throw new KitchenFailure(counter.service(), e);
                    }
                    if (taken.get()) {
                        Optional<R> after = counter.lost(e);
                        if (after.isPresent()) {
                            return after.get();
                        }
                    } else {
                        String reason = reason(counter.service(), e);
                        if (refusals++ == 0 || stockWait != null) {
                            counter.waiting(reason);
                            stockWait = null;
                        }
                        waiting.refused(reason, Refusals.absences(e), Refusals.overruns(e));
                        waiting.giveUpAfter(settings.stuckAfter(), reason);
                    }
                    // Still watched meanwhile: a cancel heard during the pause is caught by the next check.
                    clock.waitWallClock(patience.afterRefusal(e, Math.max(refusals, 1)));
                } finally {
                    // Whatever ended this attempt, a call not read to its end is cancelled, not abandoned.
                    call.cancel(null);
                    cancels.forget(orderId, call);
                }
            }
        }
    }

    /** The check before each call: a cancel recorded while no call was in flight is seen here. */
    private void stopIfEnded(String orderId, Counter<?> counter) throws IOException, JetStreamApiException {
        // Read from the leader every time; parsed only when somebody wrote since this maestro's last entry.
        Optional<io.boxbox.pacchetto.order.OrderState> ended = journal.ended(orderId);
        if (ended.isPresent()) {
            throw new IllegalTransitionException(orderId, ended.get(), counter.goal());
        }
    }

    private IllegalTransitionException ended(String orderId, Counter<?> counter) throws IOException, JetStreamApiException {
        Optional<OrderSnapshot> now = journal.recorded(orderId);
        return new IllegalTransitionException(orderId,
                now.map(OrderSnapshot::state).orElse(io.boxbox.pacchetto.order.OrderState.CANCELLED), counter.goal());
    }

    /** "panettiere unavailable: nobody on duty at panettiere: Gino asleep until …": what the history says. */
    public static String reason(String service, StatusRuntimeException refusal) {
        String description = refusal.getStatus().getDescription();
        return service + " " + refusal.getStatus().getCode().name().toLowerCase(Locale.ROOT)
                + (description == null ? "" : ": " + description);
    }
}
