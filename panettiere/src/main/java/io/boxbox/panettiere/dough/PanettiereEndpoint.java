package io.boxbox.panettiere.dough;

import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewSettings;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.crew.Shift;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.pantry.Ingredients;
import io.boxbox.pacchetto.pantry.OutOfStock;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.Take;
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
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * MakeDough: the first panettiere awake and free kneads the dough, taking as long as they take.
 * Everyone asleep answers UNAVAILABLE at once; everyone busy lets the request wait up to
 * {@code boxbox.crew.hand-wait} for free hands, then answers RESOURCE_EXHAUSTED, each with
 * retry-after and the absences as typed trailers. A caller who hangs up frees the panettiere at once.
 * The panettiere who takes the order takes one dough ball from the pantry before kneading; with
 * none left the answer is the out-of-stock refusal (FAILED_PRECONDITION), which the maestro waits on.
 */
@Singleton
public class PanettiereEndpoint extends PanettiereServiceGrpc.PanettiereServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(PanettiereEndpoint.class);

    private final Crew crew;
    private final Shift shift;
    private final Variance doughTime;
    private final SimClock clock;
    private final ServiceIdentity identity;
    private final Pantry pantry;

    @Inject
    public PanettiereEndpoint(Crew crew, DoughSettings settings, SimClock clock, ServiceIdentity identity, Pantry pantry,
                              CrewSettings crewSettings) {
        this(crew, settings, clock, identity, pantry, new Shift(crew, crewSettings.handWait(), clock));
    }

    /** A panettiere whose busy crew refuses at once (no hand-wait). */
    public PanettiereEndpoint(Crew crew, DoughSettings settings, SimClock clock, ServiceIdentity identity, Pantry pantry) {
        this(crew, settings, clock, identity, pantry, new Shift(crew));
    }

    private PanettiereEndpoint(Crew crew, DoughSettings settings, SimClock clock, ServiceIdentity identity, Pantry pantry,
                               Shift shift) {
        this.crew = crew;
        this.pantry = pantry;
        this.shift = shift;
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
            if (!takeDoughBall(request.getOrderId(), responses)) {
                return panettiere;
            }
            // From here the ball is being kneaded: a caller hanging up now does not put it back,
            // worked dough cannot go back on the shelf (the pantry shows less, never more).
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

    /** One dough ball off the shelf; false when the caller was told why not (out of stock, pantry unreachable). */
    private boolean takeDoughBall(String orderId, StreamObserver<MakeDoughResponse> responses) {
        try {
            if (pantry.take(List.of(Ingredients.DOUGH)) instanceof Take.Short shortOf) {
                LOG.info("no dough balls left for order {}{}", orderId,
                        shortOf.expectedBack() == null ? "" : "; the supplier is expected by " + shortOf.expectedBack());
                responses.onError(OutOfStock.refusal(shortOf, clock.now()));
                return false;
            }
            return true;
        } catch (java.io.IOException | io.nats.client.JetStreamApiException | RuntimeException e) {
            // Without the pantry nobody knows whether there is dough: a temporary refusal, asked again soon.
            LOG.warn("cannot reach the pantry for order {}: {}", orderId, e.toString());
            responses.onError(Refusals.nobodyAvailable("the pantry is unreachable: " + e.getMessage(), Duration.ofSeconds(1)));
            return false;
        }
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(CrewStatusMapper.toStatus(identity, crew));
        responses.onCompleted();
    }
}
