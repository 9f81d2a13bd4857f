package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.Counter;
import io.boxbox.maestro.kitchen.KitchenCall;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.proto.panettiere.v1.MakeDoughRequest;
import io.boxbox.proto.panettiere.v1.MakeDoughResponse;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc.PanettiereServiceBlockingStub;
import io.grpc.Deadline;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;

import java.io.IOException;

/** Gets the dough made: asks a panettiere, and records the wait (and why) while none can take it. */
@Singleton
class DoughStation {

    private final PanettiereServiceBlockingStub panettiere;
    private final OrderJournal journal;
    private final KitchenCall kitchen;

    DoughStation(PanettiereServiceBlockingStub panettiere, OrderJournal journal, KitchenCall kitchen) {
        this.panettiere = panettiere;
        this.journal = journal;
        this.kitchen = kitchen;
    }

    /** Returns who made the dough. */
    MadeDough makeDough(Ticket ticket) throws IOException, JetStreamApiException, InterruptedException {
        journal.record(ticket.orderId(), Transition.to(OrderState.MAKING_DOUGH, ticket.maestro(),
                "dough ordered from the panettiere").byAttempt(ticket.attempt()));
        DoughCounter counter = new DoughCounter(ticket);
        MadeDough made = kitchen.serve(ticket.orderId(), counter);
        if (counter.waited) {
            journal.record(ticket.orderId(), Transition.to(OrderState.MAKING_DOUGH, made.actor(), "dough made after waiting")
                    .amending(s -> s.withPanettiere(made.panettiere())).byAttempt(ticket.attempt()));
        }
        return made;
    }

    record MadeDough(String panettiere, String instance) {
        String actor() {
            return Actors.person(panettiere, instance);
        }
    }

    private final class DoughCounter implements Counter<MadeDough> {

        private final Ticket ticket;
        private final MakeDoughRequest request;
        private boolean waited;

        DoughCounter(Ticket ticket) {
            this.ticket = ticket;
            this.request = MakeDoughRequest.newBuilder()
                    .setOrderId(ticket.orderId())
                    .setSize(Kitchen.size(ticket.order().pizzas().getFirst().size()))
                    .build();
        }

        @Override
        public String service() {
            return "panettiere";
        }

        @Override
        public String waitName() {
            return "wait for dough";
        }

        @Override
        public OrderState goal() {
            return OrderState.MAKING_DOUGH;
        }

        @Override
        public MadeDough once(Deadline deadline, Runnable taken) {
            MakeDoughResponse dough = panettiere.withDeadline(deadline).makeDough(request);
            taken.run();
            return new MadeDough(dough.getPanettiere(), dough.getInstance());
        }

        @Override
        public void waitingForStock(String reason) throws IOException, JetStreamApiException {
            waited = true;
            journal.record(ticket.orderId(), Transition.to(OrderState.WAITING_FOR_STOCK, ticket.maestro(), reason)
                    .byAttempt(ticket.attempt()));
        }

        @Override
        public void waiting(String reason) throws IOException, JetStreamApiException {
            waited = true;
            journal.record(ticket.orderId(), Transition.to(OrderState.WAITING_FOR_DOUGH, ticket.maestro(), reason)
                    .byAttempt(ticket.attempt()));
        }
    }
}
