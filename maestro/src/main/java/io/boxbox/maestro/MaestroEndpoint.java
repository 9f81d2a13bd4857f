package io.boxbox.maestro;

import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.boxbox.proto.maestro.v1.MaestroServiceGrpc;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

/** Status: who runs the pass in this instance, and what each of them is doing. */
@Singleton
public class MaestroEndpoint extends MaestroServiceGrpc.MaestroServiceImplBase {

    private final ServiceIdentity identity;
    private final Crew maestri;

    public MaestroEndpoint(ServiceIdentity identity, Crew maestri) {
        this.identity = identity;
        this.maestri = maestri;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(CrewStatusMapper.toStatus(identity, maestri));
        responses.onCompleted();
    }
}
