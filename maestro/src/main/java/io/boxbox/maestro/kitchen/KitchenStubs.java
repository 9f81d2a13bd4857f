package io.boxbox.maestro.kitchen;

import io.boxbox.proto.chef.v1.ChefServiceGrpc;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;
import io.grpc.ManagedChannel;
import io.micronaut.context.annotation.Factory;
import io.micronaut.grpc.annotation.GrpcChannel;
import jakarta.inject.Singleton;

/** Blocking stubs for the three kitchen services, on channels configured under {@code grpc.channels.*}. */
@Factory
class KitchenStubs {

    @Singleton
    PanettiereServiceGrpc.PanettiereServiceBlockingStub panettiere(@GrpcChannel("panettiere") ManagedChannel channel) {
        return PanettiereServiceGrpc.newBlockingStub(channel);
    }

    @Singleton
    ChefServiceGrpc.ChefServiceBlockingStub chef(@GrpcChannel("chef") ManagedChannel channel) {
        return ChefServiceGrpc.newBlockingStub(channel);
    }

    @Singleton
    DriverServiceGrpc.DriverServiceBlockingStub driver(@GrpcChannel("driver") ManagedChannel channel) {
        return DriverServiceGrpc.newBlockingStub(channel);
    }
}
