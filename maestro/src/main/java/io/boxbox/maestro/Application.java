package io.boxbox.maestro;

import io.micronaut.runtime.Micronaut;

/** The maestro: takes orders off the JetStream queue and runs them through the kitchen. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
