package io.boxbox.chef.kitchen;

import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.proto.chef.v1.ChefServiceGrpc;
import io.boxbox.proto.chef.v1.CookRequest;
import io.boxbox.proto.chef.v1.CookStage;
import io.boxbox.proto.chef.v1.CookUpdate;
import io.boxbox.proto.common.v1.PizzaSize;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Optional;

/** Cook: one chef tops the pizza, puts it in the oven and streams each stage until it is ready. */
@Singleton
public class ChefEndpoint extends ChefServiceGrpc.ChefServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(ChefEndpoint.class);

    private final Crew crew;
    private final KitchenSettings settings;
    private final SimClock clock;
    private final ServiceIdentity identity;

    public ChefEndpoint(Crew crew, KitchenSettings settings, SimClock clock, ServiceIdentity identity) {
        this.crew = crew;
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
        Optional<CrewMember> assigned = crew.assign(request.getOrderId());
        if (assigned.isEmpty()) {
            updates.onError(Refusals.allBusy("every chef has a pizza on the bench",
                    clock.scale().wallClock(settings.toppingTime())));
            return;
        }
        CrewMember chef = assigned.get();
        MDC.put("order_id", request.getOrderId());
        MDC.put("person", chef.name());
        try {
            updates.onNext(update(request, CookStage.COOK_STAGE_TOPPING, chef,
                    String.join(", ", request.getToppingsList())));
            clock.spend(settings.toppingTime());
            Duration bake = bakeTime(request.getSize());
            updates.onNext(update(request, CookStage.COOK_STAGE_IN_OVEN, chef, "baking for " + bake.toSeconds() + " s"));
            clock.spend(bake);
            updates.onNext(update(request, CookStage.COOK_STAGE_READY, chef, "out of the oven"));
            LOG.info("{} took order {} out of the oven", chef.name(), request.getOrderId());
            updates.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            updates.onError(Status.ABORTED.withDescription("pizza abandoned: kitchen closing").asRuntimeException());
        } finally {
            crew.release(chef);
            MDC.remove("order_id");
            MDC.remove("person");
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
