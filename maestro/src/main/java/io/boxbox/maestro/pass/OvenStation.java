package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.Counter;
import io.boxbox.maestro.kitchen.KitchenCall;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.boxbox.proto.chef.v1.ChefServiceGrpc.ChefServiceBlockingStub;
import io.boxbox.proto.chef.v1.CookRequest;
import io.boxbox.proto.chef.v1.CookUpdate;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.nats.client.JetStreamApiException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Has a chef top and bake the pizza, recording each stage the chef streams back. A burnt pizza,
 * or one lost because chef-sim went away mid-bake, is recorded as REMAKING and reported so the
 * pass starts over from the dough.
 */
@Singleton
class OvenStation {

    private final ChefServiceBlockingStub chef;
    private final OrderJournal journal;
    private final KitchenCall kitchen;

    OvenStation(ChefServiceBlockingStub chef, OrderJournal journal, KitchenCall kitchen) {
        this.chef = chef;
        this.journal = journal;
        this.kitchen = kitchen;
    }

    /** Returns true when the pizza came out READY, false when it must be remade. */
    boolean cook(Ticket ticket, DoughStation.MadeDough dough) throws IOException, JetStreamApiException, InterruptedException {
        return kitchen.serve(ticket.orderId(), new OvenCounter(ticket, dough));
    }

    private final class OvenCounter implements Counter<Boolean> {

        private final Ticket ticket;
        private final DoughStation.MadeDough dough;
        private final CookRequest request;

        OvenCounter(Ticket ticket, DoughStation.MadeDough dough) {
            this.ticket = ticket;
            this.dough = dough;
            this.request = CookRequest.newBuilder()
                    .setOrderId(ticket.orderId())
                    .setSize(Kitchen.size(ticket.order().pizzas().getFirst().size()))
                    .addAllToppings(ticket.order().pizzas().getFirst().toppings())
                    .setBorder(Kitchen.border(ticket.order().pizzas().getFirst().border()))
                    .build();
        }

        @Override
        public String service() {
            return "chef-sim";
        }

        @Override
        public String waitName() {
            return "wait for a chef";
        }

        @Override
        public OrderState goal() {
            return OrderState.TOPPING;
        }

        @Override
        public Boolean once(Deadline deadline, Runnable taken) throws IOException, JetStreamApiException {
            Iterator<CookUpdate> updates = chef.withDeadline(deadline).cook(request);
            while (updates.hasNext()) {
                CookUpdate update = updates.next();
                String who = Actors.person(update.getChef(), update.getInstance());
                switch (update.getStage()) {
                    case COOK_STAGE_TOPPING -> {
                        taken.run();
                        record(Transition.to(OrderState.TOPPING, who,
                                        "topping " + dough.panettiere() + "'s dough with " + update.getDetail())
                                .amending(s -> s.withPanettiere(dough.panettiere()).withChef(update.getChef())));
                    }
                    case COOK_STAGE_IN_OVEN -> record(Transition.to(OrderState.IN_OVEN, who, update.getDetail()));
                    case COOK_STAGE_READY -> {
                        record(Transition.to(OrderState.READY, who, update.getDetail()));
                        return true;
                    }
                    case COOK_STAGE_BURNT -> {
                        Span.current().addEvent("burnt", Attributes.of(Telemetry.PERSON, update.getChef()));
                        record(Transition.to(OrderState.REMAKING, who, "burnt: " + update.getDetail()));
                        return false;
                    }
                    default -> throw new IllegalStateException("chef sent an unknown stage " + update.getStage());
                }
            }
            record(Transition.to(OrderState.REMAKING, ticket.maestro(), "the chef's stream ended before the pizza was ready"));
            return false;
        }

        @Override
        public void waiting(String reason) throws IOException, JetStreamApiException {
            record(Transition.to(OrderState.WAITING_FOR_CHEF, ticket.maestro(), reason));
        }

        @Override
        public void waitingForStock(String reason) throws IOException, JetStreamApiException {
            record(Transition.to(OrderState.WAITING_FOR_STOCK, ticket.maestro(), reason));
        }

        /** The pizza was on the bench or in the oven of a chef-sim that went away: make it again. */
        @Override
        public Optional<Boolean> lost(StatusRuntimeException broken) throws IOException, JetStreamApiException {
            record(Transition.to(OrderState.REMAKING, ticket.maestro(),
                    "pizza lost mid-bake: " + KitchenCall.reason("chef-sim", broken)));
            return Optional.of(false);
        }

        private void record(Transition transition) throws IOException, JetStreamApiException {
            journal.record(ticket.orderId(), transition.byAttempt(ticket.attempt()));
        }
    }
}
