package io.boxbox.driver;

import io.micronaut.runtime.Micronaut;

/** The driver-sim service: drivers carry pizzas across the paddock, streaming progress over gRPC. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
