package io.boxbox.maestro.pass;

import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.PizzaProgress;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Optional;

/**
 * Makes one pizza of an order: dough, then topping and oven, until it is READY. It goes on from
 * where this pizza stood when the attempt started: a ready pizza stays ready; a dough made (its
 * panettiere recorded) goes straight to the chef; a pizza that was on the bench or in the oven
 * left with its maestro and is remade. A burnt or lost pizza is remade alone, from the dough, and
 * after {@code max-remakes} remakes of this pizza the next loss fails the order.
 */
@Singleton
class PizzaMaker {

    private final OrderJournal journal;
    private final DoughStation dough;
    private final OvenStation oven;
    private final PassSettings settings;

    PizzaMaker(OrderJournal journal, DoughStation dough, OvenStation oven, PassSettings settings) {
        this.journal = journal;
        this.dough = dough;
        this.oven = oven;
        this.settings = settings;
    }

    void make(PizzaTicket pizza) throws IOException, JetStreamApiException, InterruptedException {
        PizzaProgress was = pizza.pizza();
        switch (was.state()) {
            case READY -> {
                // out of the oven before this attempt: not baked again
            }
            case TOPPING, IN_OVEN -> {
                // The chef's stream ended with the maestro who held it: this pizza is lost, the others are not.
                journal.record(pizza.orderId(), pizza.to(OrderState.REMAKING, pizza.maestro(), "pizza " + pizza.label()
                        + (was.state() == OrderState.TOPPING ? " on the bench" : " in the oven")
                        + " was lost when its maestro left (attempt " + (pizza.ticket().attempt() - 1) + ")"));
                int remakes = was.remakes() + 1;
                checkRemakes(pizza, remakes, "lost when its maestro left");
                cookUntilReady(pizza, remakes, Optional.empty());
            }
            default -> cookUntilReady(pizza, was.remakes(), doughCheckpoint(was));
        }
    }

    /** The dough made on an earlier attempt (its panettiere is recorded), which the chef can still top. */
    private static Optional<DoughStation.MadeDough> doughCheckpoint(PizzaProgress was) {
        boolean doughMade = switch (was.state()) {
            case WAITING_FOR_CHEF -> true;
            case MAKING_DOUGH, WAITING_FOR_STOCK -> was.panettiere() != null;
            default -> false;
        };
        if (!doughMade) {
            return Optional.empty();
        }
        String panettiere = was.panettiere() == null ? "the panettiere" : was.panettiere();
        return Optional.of(new DoughStation.MadeDough(panettiere, "earlier attempt"));
    }

    private void cookUntilReady(PizzaTicket pizza, int remakesSoFar, Optional<DoughStation.MadeDough> doughMade)
            throws IOException, JetStreamApiException, InterruptedException {
        int remakes = remakesSoFar;
        Optional<DoughStation.MadeDough> onTheBench = doughMade;
        while (true) {
            DoughStation.MadeDough made = onTheBench.isPresent() ? onTheBench.get() : dough.makeDough(pizza);
            onTheBench = Optional.empty();
            if (oven.cook(pizza, made)) {
                return;
            }
            remakes++;
            checkRemakes(pizza, remakes, "burnt or lost in the oven");
        }
    }

    private void checkRemakes(PizzaTicket pizza, int remakes, String how) {
        if (remakes > settings.maxRemakes()) {
            throw new RemakesExhausted("pizza " + pizza.label() + " " + how + " " + remakes + " times (max-remakes "
                    + settings.maxRemakes() + "): burnt or lost once too often, not made again");
        }
    }
}
