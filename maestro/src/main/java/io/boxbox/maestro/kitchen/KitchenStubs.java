package io.boxbox.maestro.kitchen;

import io.boxbox.proto.chef.v1.ChefServiceGrpc;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Blocking stubs for the three kitchen services, each on its {@link Replicas}: the address under
 * {@code grpc.channels.<name>.address} (env {@code GRPC_CHANNELS_<NAME>_ADDRESS}) names one
 * replica, a list, or a {@code dns:///} target.
 */
@Factory
class KitchenStubs {

    @Singleton
    @Named("panettiere")
    @Bean(preDestroy = "close")
    Replicas panettiereReplicas(@Property(name = "grpc.channels.panettiere.address") String address) {
        return Replicas.to("panettiere", address);
    }

    @Singleton
    @Named("chef")
    @Bean(preDestroy = "close")
    Replicas chefReplicas(@Property(name = "grpc.channels.chef.address") String address) {
        return Replicas.to("chef", address);
    }

    @Singleton
    @Named("driver")
    @Bean(preDestroy = "close")
    Replicas driverReplicas(@Property(name = "grpc.channels.driver.address") String address) {
        return Replicas.to("driver", address);
    }

    @Singleton
    PanettiereServiceGrpc.PanettiereServiceBlockingStub panettiere(@Named("panettiere") Replicas replicas) {
        return PanettiereServiceGrpc.newBlockingStub(replicas);
    }

    @Singleton
    ChefServiceGrpc.ChefServiceBlockingStub chef(@Named("chef") Replicas replicas) {
        return ChefServiceGrpc.newBlockingStub(replicas);
    }

    @Singleton
    DriverServiceGrpc.DriverServiceBlockingStub driver(@Named("driver") Replicas replicas) {
        return DriverServiceGrpc.newBlockingStub(replicas);
    }
}
