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
 * Has a chef top and bake one pizza in one oven slot, recording each stage the chef streams back
 * as that pizza's. A burnt pizza, or one lost because chef-sim went away mid-bake, is recorded as
 * REMAKING (that pizza alone) and reported so its maker starts it over from the dough.
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
    boolean cook(PizzaTicket pizza, DoughStation.MadeDough dough) throws IOException, JetStreamApiException, InterruptedException {
        return kitchen.serve(pizza.orderId(), new OvenCounter(pizza, dough));
    }

    private final class OvenCounter implements Counter<Boolean> {

        private final PizzaTicket pizza;
        private final DoughStation.MadeDough dough;
        private final CookRequest request;

        OvenCounter(PizzaTicket pizza, DoughStation.MadeDough dough) {
            this.pizza = pizza;
            this.dough = dough;
            this.request = CookRequest.newBuilder()
                    .setOrderId(pizza.orderId())
                    .setSize(Kitchen.size(pizza.pizza().size()))
                    .addAllToppings(pizza.pizza().toppings())
                    .setBorder(Kitchen.border(pizza.pizza().border()))
                    .setPizza(pizza.number())
                    .setPizzas(pizza.count())
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
                        int number = pizza.number();
                        record(pizza.to(OrderState.TOPPING, who,
                                        "topping " + dough.panettiere() + "'s dough with " + update.getDetail())
                                .amending(s -> s.withPizzaPanettiere(number, dough.panettiere())
                                        .withPizzaChef(number, update.getChef())));
                    }
                    case COOK_STAGE_IN_OVEN -> record(pizza.to(OrderState.IN_OVEN, who, update.getDetail()));
                    case COOK_STAGE_READY -> {
                        // The last pizza's READY moves the order to READY (the journal follows the slowest pizza).
                        record(pizza.to(OrderState.READY, who, update.getDetail()));
                        return true;
                    }
                    case COOK_STAGE_BURNT -> {
                        Span.current().addEvent("burnt", Attributes.of(Telemetry.PERSON, update.getChef(),
                                Telemetry.PIZZA, pizza.label()));
                        record(pizza.to(OrderState.REMAKING, who, "burnt: " + update.getDetail()));
                        return false;
                    }
                    default -> throw new IllegalStateException("chef sent an unknown stage " + update.getStage());
                }
            }
            record(pizza.to(OrderState.REMAKING, pizza.maestro(), "the chef's stream ended before the pizza was ready"));
            return false;
        }

        @Override
        public void waiting(String reason) throws IOException, JetStreamApiException {
            record(pizza.to(OrderState.WAITING_FOR_CHEF, pizza.maestro(), reason));
        }

        @Override
        public void waitingForStock(String reason) throws IOException, JetStreamApiException {
            record(pizza.to(OrderState.WAITING_FOR_STOCK, pizza.maestro(), reason));
        }

        /** The pizza was on the bench or in the oven of a chef-sim that went away: make it again. */
        @Override
        public Optional<Boolean> lost(StatusRuntimeException broken) throws IOException, JetStreamApiException {
            record(pizza.to(OrderState.REMAKING, pizza.maestro(),
                    "pizza lost mid-bake: " + KitchenCall.reason("chef-sim", broken)));
            return Optional.of(false);
        }

        private void record(Transition transition) throws IOException, JetStreamApiException {
            journal.record(pizza.orderId(), transition);
        }
    }
}
