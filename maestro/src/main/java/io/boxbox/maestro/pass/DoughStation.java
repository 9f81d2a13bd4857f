package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.KitchenFailure;
import io.boxbox.maestro.kitchen.Patience;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.proto.panettiere.v1.MakeDoughRequest;
import io.boxbox.proto.panettiere.v1.MakeDoughResponse;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc.PanettiereServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Gets the dough made, waiting (and saying why) while the panettieri cannot take it. */
@Singleton
class DoughStation {

    private final PanettiereServiceBlockingStub panettiere;
    private final OrderJournal journal;
    private final Patience patience;
    private final SimClock clock;
    private final PassSettings settings;

    DoughStation(PanettiereServiceBlockingStub panettiere, OrderJournal journal, Patience patience, SimClock clock,
                 PassSettings settings) {
        this.panettiere = panettiere;
        this.journal = journal;
        this.patience = patience;
        this.clock = clock;
        this.settings = settings;
    }

    /** Returns who made the dough. */
    MadeDough makeDough(Ticket ticket) throws IOException, JetStreamApiException, InterruptedException {
        Order order = ticket.order();
        String maestro = ticket.maestro();
        journal.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, maestro, "dough ordered from the panettiere"));
        MakeDoughRequest request = MakeDoughRequest.newBuilder()
                .setOrderId(order.orderId())
                .setSize(Kitchen.size(order.size()))
                .build();
        int refusals = 0;
        try (Waiting waiting = new Waiting()) {
            while (true) {
                try {
                    MakeDoughResponse dough = panettiere
                            .withDeadlineAfter(settings.callDeadline().toMillis(), TimeUnit.MILLISECONDS)
                            .makeDough(request);
                    MadeDough made = new MadeDough(dough.getPanettiere(), dough.getInstance());
                    if (refusals > 0) {
                        journal.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, made.actor(),
                                "dough made after waiting").amending(s -> s.withPanettiere(made.panettiere())));
                    }
                    return made;
                } catch (StatusRuntimeException e) {
                    if (!Refusals.isTemporary(e)) {
                        throw new KitchenFailure("panettiere", e);
                    }
                    if (refusals++ == 0) {
                        journal.record(order.orderId(), Transition.to(OrderState.WAITING_FOR_DOUGH, maestro, Actors.reason("panettiere", e)));
                    }
                    waiting.refused("wait for dough", order.orderId(), Actors.reason("panettiere", e));
                    waiting.giveUpAfter(settings.stuckAfter(), order.orderId(), Actors.reason("panettiere", e));
                    clock.waitWallClock(patience.afterRefusal(e, refusals));
                }
            }
        }
    }

    record MadeDough(String panettiere, String instance) {
        String actor() {
            return panettiere + " (" + instance + ")";
        }
    }
}
