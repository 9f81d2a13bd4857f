package io.boxbox.maestro.testing;

import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;

/**
 * What Enzo durably wrote on attempt 1 before he died (kill -9): the same entries the pass and
 * its stations write, up to a checkpoint. He never acked the delivery he took.
 */
public final class DeadMaestro {

    private static final String ENZO = "Enzo (maestro)";
    private static final int ATTEMPT = 1;

    private final OrderJournal journal;
    private final String orderId;

    public DeadMaestro(MaestroUnderTest maestro, String orderId) throws Exception {
        this.journal = maestro.journal();
        this.orderId = orderId;
        maestro.takeAndDie();
        write(Transition.to(OrderState.QUEUED, ENZO, "on the pass").amending(s -> s.withAttempt(ATTEMPT)));
    }

    /** The dough checkpoint: Gino handed over the dough, the chef has not started on it. */
    public DeadMaestro doughMade() throws Exception {
        doughOrdered();
        write(Transition.to(OrderState.MAKING_DOUGH, "Gino (panettiere-fake)", "dough made")
                .amending(s -> s.withPanettiere("Gino")));
        return this;
    }

    public DeadMaestro inTheOven() throws Exception {
        doughOrdered();
        write(Transition.to(OrderState.TOPPING, "Sofia (chef-fake)", "topping Gino's dough with basil")
                .amending(s -> s.withPanettiere("Gino").withChef("Sofia")));
        write(Transition.to(OrderState.IN_OVEN, "Sofia (chef-fake)", "slot 1"));
        return this;
    }

    public DeadMaestro pizzaReady() throws Exception {
        inTheOven();
        write(Transition.to(OrderState.READY, "Sofia (chef-fake)", "golden"));
        return this;
    }

    private void doughOrdered() throws Exception {
        write(Transition.to(OrderState.MAKING_DOUGH, ENZO, "dough ordered from the panettiere"));
    }

    private void write(Transition transition) throws Exception {
        journal.record(orderId, transition.byAttempt(ATTEMPT));
    }
}
