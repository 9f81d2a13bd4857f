package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.Counter;
import io.boxbox.maestro.kitchen.KitchenCall;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.proto.panettiere.v1.MakeDoughRequest;
import io.boxbox.proto.panettiere.v1.MakeDoughResponse;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc.PanettiereServiceBlockingStub;
import io.grpc.Deadline;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Gets one pizza's dough made: asks a panettiere, records the pizza's wait (and why) while none
 * can take it, and records the dough made (naming the panettiere) as one entry: the pizza's dough
 * checkpoint, from which a maestro taking over goes straight to the chef.
 */
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

    /** Returns who made the dough, once the checkpoint is recorded. */
    MadeDough makeDough(PizzaTicket pizza) throws IOException, JetStreamApiException, InterruptedException {
        journal.record(pizza.orderId(), pizza.to(OrderState.MAKING_DOUGH, pizza.maestro(),
                "dough ordered from the panettiere"));
        DoughCounter counter = new DoughCounter(pizza);
        MadeDough made = kitchen.serve(pizza.orderId(), counter);
        int number = pizza.number();
        journal.record(pizza.orderId(), pizza.to(OrderState.MAKING_DOUGH, made.actor(),
                        counter.waited ? "dough made after waiting" : "dough made")
                .amending(s -> s.withPizzaPanettiere(number, made.panettiere())));
        return made;
    }

    record MadeDough(String panettiere, String instance) {
        String actor() {
            return Actors.person(panettiere, instance);
        }
    }

    private final class DoughCounter implements Counter<MadeDough> {

        private final PizzaTicket pizza;
        private final MakeDoughRequest request;
        private boolean waited;

        DoughCounter(PizzaTicket pizza) {
            this.pizza = pizza;
            this.request = MakeDoughRequest.newBuilder()
                    .setOrderId(pizza.orderId())
                    .setSize(Kitchen.size(pizza.pizza().size()))
                    .setPizza(pizza.number())
                    .setPizzas(pizza.count())
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
            journal.record(pizza.orderId(), pizza.to(OrderState.WAITING_FOR_STOCK, pizza.maestro(), reason));
        }

        @Override
        public void waiting(String reason) throws IOException, JetStreamApiException {
            waited = true;
            journal.record(pizza.orderId(), pizza.to(OrderState.WAITING_FOR_DOUGH, pizza.maestro(), reason));
        }
    }
}
