package io.boxbox.chef.kitchen;

import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.pantry.Ingredients;
import io.boxbox.pacchetto.pantry.OutOfStock;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.Take;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.proto.chef.v1.CookRequest;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chef's trip to the pantry when starting to top a pizza: every topping and the border's
 * cheese, all or nothing. Toppings not yet on the pizza go back when the caller hangs up (see
 * {@link #putBack}); once the pizza is topped they are on it and stay used.
 */
@Singleton
public class Larder {

    /** What the chef carries to the bench, or why not. */
    public sealed interface Fetch {
        record Fetched(List<String> portions) implements Fetch {
        }

        record Refused(StatusRuntimeException refusal) implements Fetch {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Larder.class);

    private final Pantry pantry;
    private final SimClock clock;

    public Larder(Pantry pantry, SimClock clock) {
        this.pantry = pantry;
        this.clock = clock;
    }

    /** The portions one pizza needs: its toppings, and the border's cheese if it has a stuffed border. */
    static List<String> portionsFor(CookRequest request) {
        List<String> portions = new ArrayList<>(request.getToppingsList());
        String border = request.getBorder().name().replaceFirst("^BORDER_", "");
        if (!border.equals("UNSPECIFIED") && !border.equals("UNRECOGNIZED")) {
            Border.fromWireName(border.toLowerCase(Locale.ROOT)).flatMap(Ingredients::borderIngredient).ifPresent(portions::add);
        }
        return List.copyOf(portions);
    }

    public Fetch fetch(CookRequest request) {
        List<String> portions = portionsFor(request);
        try {
            Take take = pantry.take(portions);
            if (take instanceof Take.Short shortOf) {
                LOG.info("order {} cannot be topped: out of {}", request.getOrderId(), String.join(", ", shortOf.missing()));
                return new Fetch.Refused(OutOfStock.refusal(shortOf, clock.now()));
            }
            return new Fetch.Fetched(((Take.Taken) take).ingredients());
        } catch (java.io.IOException | io.nats.client.JetStreamApiException | RuntimeException e) {
            LOG.warn("cannot reach the pantry for order {}: {}", request.getOrderId(), e.toString());
            return new Fetch.Refused(Refusals.nobodyAvailable("the pantry is unreachable: " + e.getMessage(),
                    Duration.ofSeconds(1)));
        }
    }

    /**
     * A pizza abandoned while being topped: its toppings were not on it yet (the model lays them
     * on at the end of the topping time), they are clean and go back on their shelves. Runs on the
     * interrupted worker, so the interrupt is set aside for the broker call and restored after.
     */
    public void putBack(String orderId, List<String> portions) {
        boolean interrupted = Thread.interrupted();
        try {
            pantry.giveBack(portions);
            LOG.info("toppings of abandoned order {} back on the shelves: {}", orderId, String.join(", ", portions));
        } catch (java.io.IOException | io.nats.client.JetStreamApiException | RuntimeException e) {
            // Lost: the pantry shows less than there is, never more.
            LOG.warn("cannot put back the toppings of order {}: {}", orderId, e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
