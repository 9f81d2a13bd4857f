package io.boxbox.pacchetto.grpc;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Server reflection on every Box Box gRPC server, so grpcurl and friends can list and call the
 * services without the .proto files. (Health comes from Micronaut gRPC's own HealthStatusManager.)
 */
@Factory
@Requires(classes = io.micronaut.grpc.server.GrpcEmbeddedServer.class)
class ReflectionFactory {

    @Singleton
    BindableService serverReflection() {
        return ProtoReflectionServiceV1.newInstance();
    }
}
