package io.boxbox.maestro;

import io.boxbox.maestro.pass.PassSettings;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.proto.common.v1.CrewMember;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.boxbox.proto.maestro.v1.MaestroServiceGrpc;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

import java.time.Instant;

/** Status: who runs the pass in this instance. */
@Singleton
public class MaestroEndpoint extends MaestroServiceGrpc.MaestroServiceImplBase {

    private final ServiceIdentity identity;
    private final PassSettings settings;
    private final Instant onShiftSince = Instant.now();

    public MaestroEndpoint(ServiceIdentity identity, PassSettings settings) {
        this.identity = identity;
        this.settings = settings;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(StatusResponse.newBuilder()
                .setService(identity.service())
                .setInstance(identity.instance())
                .addCrew(CrewMember.newBuilder()
                        .setName(settings.name())
                        .setState("WORKING")
                        .setSince(ProtoTime.of(onShiftSince)))
                .build());
        responses.onCompleted();
    }
}
