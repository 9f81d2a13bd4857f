package io.boxbox.chef;

import io.micronaut.runtime.Micronaut;

/** The chef-sim service: chefs top the pizza and bake it, streaming progress over gRPC. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
