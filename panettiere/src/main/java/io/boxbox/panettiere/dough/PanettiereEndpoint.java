package io.boxbox.panettiere.dough;

import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.boxbox.proto.panettiere.v1.MakeDoughRequest;
import io.boxbox.proto.panettiere.v1.MakeDoughResponse;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.Optional;

/** MakeDough: the first free panettiere kneads the dough; everyone busy means come back later. */
@Singleton
public class PanettiereEndpoint extends PanettiereServiceGrpc.PanettiereServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(PanettiereEndpoint.class);

    private final Crew crew;
    private final DoughSettings settings;
    private final SimClock clock;
    private final ServiceIdentity identity;

    public PanettiereEndpoint(Crew crew, DoughSettings settings, SimClock clock, ServiceIdentity identity) {
        this.crew = crew;
        this.settings = settings;
        this.clock = clock;
        this.identity = identity;
    }

    @Override
    public void makeDough(MakeDoughRequest request, StreamObserver<MakeDoughResponse> responses) {
        if (request.getOrderId().isBlank()) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("order_id is required").asRuntimeException());
            return;
        }
        Optional<CrewMember> assigned = crew.assign(request.getOrderId());
        if (assigned.isEmpty()) {
            responses.onError(Refusals.allBusy("every panettiere is kneading",
                    clock.scale().wallClock(settings.doughTime())));
            return;
        }
        CrewMember panettiere = assigned.get();
        MDC.put("order_id", request.getOrderId());
        MDC.put("person", panettiere.name());
        try {
            Instant started = clock.now();
            LOG.info("{} starts the dough for order {}", panettiere.name(), request.getOrderId());
            clock.spend(settings.doughTime());
            responses.onNext(MakeDoughResponse.newBuilder()
                    .setOrderId(request.getOrderId())
                    .setPanettiere(panettiere.name())
                    .setInstance(identity.instance())
                    .setStartedAt(ProtoTime.of(started))
                    .setFinishedAt(ProtoTime.of(clock.now()))
                    .build());
            responses.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responses.onError(Status.ABORTED.withDescription("dough abandoned: shutting down").asRuntimeException());
        } finally {
            crew.release(panettiere);
            MDC.remove("order_id");
            MDC.remove("person");
        }
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(CrewStatusMapper.toStatus(identity, crew));
        responses.onCompleted();
    }
}
