package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.KitchenFailure;
import io.boxbox.maestro.kitchen.Patience;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.proto.chef.v1.ChefServiceGrpc.ChefServiceBlockingStub;
import io.boxbox.proto.chef.v1.CookRequest;
import io.boxbox.proto.chef.v1.CookUpdate;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Has a chef top and bake the pizza, recording each stage the chef streams back. A burnt pizza,
 * or one lost because chef-sim went away mid-bake, is recorded as REMAKING and reported so the
 * pass starts over from the dough.
 */
@Singleton
class OvenStation {

    private final ChefServiceBlockingStub chef;
    private final OrderJournal journal;
    private final Patience patience;
    private final SimClock clock;
    private final PassSettings settings;

    OvenStation(ChefServiceBlockingStub chef, OrderJournal journal, Patience patience, SimClock clock,
                PassSettings settings) {
        this.chef = chef;
        this.journal = journal;
        this.patience = patience;
        this.clock = clock;
        this.settings = settings;
    }

    /** Returns true when the pizza came out READY, false when it must be remade. */
    boolean cook(Ticket ticket, DoughStation.MadeDough dough) throws IOException, JetStreamApiException, InterruptedException {
        Order order = ticket.order();
        String maestro = ticket.maestro();
        CookRequest request = CookRequest.newBuilder()
                .setOrderId(order.orderId())
                .setSize(Kitchen.size(order.size()))
                .addAllToppings(order.toppings())
                .setBorder(Kitchen.border(order.border()))
                .build();
        int refusals = 0;
        Waiting waiting = new Waiting();
        try {
            while (true) {
                boolean onTheBench = false;
                try {
                    Iterator<CookUpdate> updates = chef
                            .withDeadlineAfter(settings.callDeadline().toMillis(), TimeUnit.MILLISECONDS)
                            .cook(request);
                    while (updates.hasNext()) {
                        CookUpdate update = updates.next();
                        String who = Actors.person(update.getChef(), update.getInstance());
                        switch (update.getStage()) {
                            case COOK_STAGE_TOPPING -> {
                                onTheBench = true;
                                waiting.close();
                                journal.record(order.orderId(), Transition.to(OrderState.TOPPING, who,
                                                "topping " + dough.panettiere() + "'s dough with " + update.getDetail())
                                        .amending(s -> s.withPanettiere(dough.panettiere()).withChef(update.getChef())));
                            }
                            case COOK_STAGE_IN_OVEN -> journal.record(order.orderId(),
                                    Transition.to(OrderState.IN_OVEN, who, update.getDetail()));
                            case COOK_STAGE_READY -> {
                                journal.record(order.orderId(), Transition.to(OrderState.READY, who, update.getDetail()));
                                return true;
                            }
                            case COOK_STAGE_BURNT -> {
                                Span.current().addEvent("burnt", Attributes.of(Telemetry.PERSON, update.getChef()));
                                journal.record(order.orderId(), Transition.to(OrderState.REMAKING, who, "burnt: " + update.getDetail()));
                                return false;
                            }
                            default -> throw new IllegalStateException("chef sent an unknown stage " + update.getStage());
                        }
                    }
                    journal.record(order.orderId(), Transition.to(OrderState.REMAKING, maestro,
                            "the chef's stream ended before the pizza was ready"));
                    return false;
                } catch (StatusRuntimeException e) {
                    if (!Refusals.isTemporary(e)) {
                        throw new KitchenFailure("chef-sim", e);
                    }
                    if (onTheBench) {
                        journal.record(order.orderId(), Transition.to(OrderState.REMAKING, maestro,
                                "pizza lost mid-bake: " + Actors.reason("chef-sim", e)));
                        return false;
                    }
                    if (refusals++ == 0) {
                        journal.record(order.orderId(), Transition.to(OrderState.WAITING_FOR_CHEF, maestro,
                                Actors.reason("chef-sim", e)));
                    }
                    waiting.refused("wait for a chef", order.orderId(), Actors.reason("chef-sim", e));
                    waiting.giveUpAfter(settings.stuckAfter(), order.orderId(), Actors.reason("chef-sim", e));
                    clock.waitWallClock(patience.afterRefusal(e, refusals));
                }
            }
        } finally {
            waiting.close();
        }
    }
}
