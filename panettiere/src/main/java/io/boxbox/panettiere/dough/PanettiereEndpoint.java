package io.boxbox.panettiere.dough;

import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.crew.Shift;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.Variance;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.boxbox.proto.panettiere.v1.MakeDoughRequest;
import io.boxbox.proto.panettiere.v1.MakeDoughResponse;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * MakeDough: the first panettiere awake and free kneads the dough, taking as long as they take.
 * Everyone asleep answers UNAVAILABLE, everyone busy RESOURCE_EXHAUSTED, each with retry-after and
 * the absences as typed trailers. A caller who hangs up frees the panettiere at once.
 */
@Singleton
public class PanettiereEndpoint extends PanettiereServiceGrpc.PanettiereServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(PanettiereEndpoint.class);

    private final Crew crew;
    private final Shift shift;
    private final Variance doughTime;
    private final SimClock clock;
    private final ServiceIdentity identity;

    public PanettiereEndpoint(Crew crew, DoughSettings settings, SimClock clock, ServiceIdentity identity) {
        this.crew = crew;
        this.shift = new Shift(crew);
        this.doughTime = new Variance(settings.doughTime(), settings.doughVariance());
        this.clock = clock;
        this.identity = identity;
    }

    @Override
    public void makeDough(MakeDoughRequest request, StreamObserver<MakeDoughResponse> responses) {
        if (request.getOrderId().isBlank()) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("order_id is required").asRuntimeException());
            return;
        }
        String pizza = Telemetry.pizzaLabel(request.getPizza(), request.getPizzas());
        Span.current().setAttribute(Telemetry.PIZZA, pizza);
        shift.work(request.getOrderId(), clock.scale().wallClock(doughTime.base()), responses, (panettiere, job) -> {
            Instant started = clock.now();
            Duration kneading = panettiere.timeFor(doughTime);
            LOG.info("{} kneads the dough for order {} pizza {} ({} s)", panettiere.name(), request.getOrderId(), pizza,
                    kneading.toSeconds());
            clock.spend(kneading);
            responses.onNext(MakeDoughResponse.newBuilder()
                    .setOrderId(request.getOrderId())
                    .setPanettiere(panettiere.name())
                    .setInstance(identity.instance())
                    .setStartedAt(ProtoTime.of(started))
                    .setFinishedAt(ProtoTime.of(clock.now()))
                    .build());
            responses.onCompleted();
            return panettiere;
        });
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(CrewStatusMapper.toStatus(identity, crew));
        responses.onCompleted();
    }
}
