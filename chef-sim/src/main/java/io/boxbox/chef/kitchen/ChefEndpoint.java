package io.boxbox.chef.kitchen;

import io.boxbox.pacchetto.telemetry.MishapMeter;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import io.boxbox.pacchetto.crew.CrewSettings;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.crew.Mishaps;
import io.boxbox.pacchetto.crew.Shift;
import io.boxbox.pacchetto.grpc.CallerHangUp;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.Variance;
import io.boxbox.proto.chef.v1.ChefServiceGrpc;
import io.boxbox.proto.chef.v1.CookRequest;
import io.boxbox.proto.chef.v1.CookStage;
import io.boxbox.proto.chef.v1.CookUpdate;
import io.boxbox.proto.common.v1.PizzaSize;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.boxbox.pacchetto.telemetry.Telemetry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Cook: a chef tops the pizza, it bakes in a reserved oven slot, and comes out READY — or BURNT,
 * in which case the caller starts over from the dough. Each stage is streamed as it happens. A full
 * oven or a busy crew lets the request wait up to {@code boxbox.crew.hand-wait} for a slot and free
 * hands before it is refused. A
 * caller who hangs up (a cancelled order, a maestro gone) frees the chef and the oven slot at once.
 * The chef takes the toppings and the border's cheese from the pantry when starting to top; with one
 * of them out the answer is the out-of-stock refusal, and a pizza abandoned on the bench puts them back.
 */
@Singleton
public class ChefEndpoint extends ChefServiceGrpc.ChefServiceImplBase {

    /** The name of the burnt-pizza mishap, settable through fault injection. */
    public static final String BURN = "burn";

    private static final Logger LOG = LoggerFactory.getLogger(ChefEndpoint.class);

    private final Crew crew;
    private final Shift shift;
    private final Oven oven;
    private final Mishaps mishaps;
    private final KitchenSettings settings;
    private final SimClock clock;
    private final ServiceIdentity identity;
    private final Larder larder;
    private final Duration handWait;
    private final MishapMeter fleetMishaps = new MishapMeter("chef-sim");
    private final LongCounter burnt = GlobalOpenTelemetry.getMeter("io.boxbox.kitchen")
            .counterBuilder("boxbox.kitchen.burnt").setDescription("Pizzas burnt in the oven").build();

    @Inject
    public ChefEndpoint(Crew crew, Oven oven, Mishaps mishaps, KitchenSettings settings, SimClock clock,
                        ServiceIdentity identity, Larder larder, CrewSettings crewSettings) {
        this(crew, oven, mishaps, settings, clock, identity, larder, crewSettings.handWait());
    }

    /** A kitchen whose full oven and busy chefs refuse at once (no hand-wait). */
    public ChefEndpoint(Crew crew, Oven oven, Mishaps mishaps, KitchenSettings settings, SimClock clock,
                        ServiceIdentity identity, Larder larder) {
        this(crew, oven, mishaps, settings, clock, identity, larder, Duration.ZERO);
    }

    private ChefEndpoint(Crew crew, Oven oven, Mishaps mishaps, KitchenSettings settings, SimClock clock,
                         ServiceIdentity identity, Larder larder, Duration handWait) {
        this.handWait = handWait;
        this.crew = crew;
        this.larder = larder;
        this.shift = new Shift(crew, handWait, clock);
        this.oven = oven;
        this.mishaps = mishaps;
        this.settings = settings;
        this.clock = clock;
        this.identity = identity;
    }

    @Override
    public void cook(CookRequest request, StreamObserver<CookUpdate> updates) {
        if (request.getOrderId().isBlank() || request.getSize() == PizzaSize.PIZZA_SIZE_UNSPECIFIED) {
            updates.onError(Status.INVALID_ARGUMENT.withDescription("order_id and size are required").asRuntimeException());
            return;
        }
        Span.current().setAttribute(Telemetry.PIZZA, Telemetry.pizzaLabel(request.getPizza(), request.getPizzas()));
        Duration typicalPizza = clock.scale().wallClock(settings.toppingTime().plus(bakeTime(request.getSize())));
        Optional<Oven.Slot> reserved;
        try {
            // A full oven at full speed frees a slot within a millisecond or two: wait for it rather than refuse.
            reserved = oven.reserve(handWait, clock);
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            updates.onError(Refusals.closing("chef-sim", request.getOrderId(), typicalPizza));
            return;
        }
        if (reserved.isEmpty()) {
            updates.onError(Refusals.allBusy("the oven is full (" + settings.ovenSlots() + " pizzas)", typicalPizza));
            return;
        }
        // The slot is the pizza's until it is out, or until nobody wants it any more.
        try (Oven.Slot slot = reserved.get()) {
            Optional<CrewMember> chef = shift.work(request.getOrderId(), clock.scale().wallClock(settings.toppingTime()), updates,
                    (person, job) -> {
                        // The chef fetches the toppings and the border's cheese when starting on the pizza.
                        Larder.Fetch fetched = larder.fetch(request);
                        if (fetched instanceof Larder.Fetch.Refused refused) {
                            updates.onError(refused.refusal());
                            return null;
                        }
                        List<String> portions = ((Larder.Fetch.Fetched) fetched).portions();
                        updates.onNext(update(request, CookStage.COOK_STAGE_TOPPING, person, String.join(", ", request.getToppingsList())));
                        try {
                            clock.spend(person.timeFor(new Variance(settings.toppingTime(), settings.toppingVariance())));
                        } catch (InterruptedException hungUp) {
                            larder.putBack(request.getOrderId(), portions);
                            throw hungUp;
                        }
                        return person;
                    });
            if (chef.isPresent()) {
                bake(request, updates, chef.get(), slot);
            }
        }
    }

    /** The chef is free again while the pizza bakes; a caller who hangs up gets the slot back at once. */
    private void bake(CookRequest request, StreamObserver<CookUpdate> updates, CrewMember chef, Oven.Slot slot) {
        MDC.put("order_id", request.getOrderId());
        try {
            boolean done = CallerHangUp.attend(updates, "pizza abandoned: kitchen closing", hangUp -> {
                Duration bake = chef.timeFor(new Variance(bakeTime(request.getSize()), settings.bakeVariance()));
                updates.onNext(update(request, CookStage.COOK_STAGE_IN_OVEN, chef, "baking for " + bake.toSeconds() + " s"));
                clock.spend(bake);
                slot.free();
                if (chef.suffers(mishaps.chance(BURN))) {
                    burnt.add(1, Attributes.of(AttributeKey.stringKey("boxbox.chef"), chef.name()));
                    fleetMishaps.mishap("burnt");
                    LOG.info("{} burnt order {} pizza {}", chef.name(), request.getOrderId(),
                            Telemetry.pizzaLabel(request.getPizza(), request.getPizzas()));
                    updates.onNext(update(request, CookStage.COOK_STAGE_BURNT, chef, chef.name() + " forgot it in the oven"));
                } else {
                    LOG.info("{} took order {} pizza {} out of the oven", chef.name(), request.getOrderId(),
                            Telemetry.pizzaLabel(request.getPizza(), request.getPizzas()));
                    updates.onNext(update(request, CookStage.COOK_STAGE_READY, chef, "out of the oven"));
                }
                updates.onCompleted();
            });
            if (!done) {
                LOG.info("order {} taken out of the oven unfinished: the caller hung up or the kitchen is closing",
                        request.getOrderId());
            }
        } finally {
            MDC.remove("order_id");
        }
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(CrewStatusMapper.toStatus(identity, crew));
        responses.onCompleted();
    }

    private Duration bakeTime(PizzaSize size) {
        return switch (size) {
            case PIZZA_SIZE_SMALL -> settings.bakeTime().small();
            case PIZZA_SIZE_LARGE -> settings.bakeTime().large();
            default -> settings.bakeTime().medium();
        };
    }

    private CookUpdate update(CookRequest request, CookStage stage, CrewMember chef, String detail) {
        return CookUpdate.newBuilder()
                .setOrderId(request.getOrderId())
                .setStage(stage)
                .setChef(chef.name())
                .setInstance(identity.instance())
                .setAt(ProtoTime.of(clock.now()))
                .setDetail(detail)
                .build();
    }
}
