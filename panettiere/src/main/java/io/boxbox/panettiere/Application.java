package io.boxbox.panettiere;

import io.micronaut.runtime.Micronaut;

/** The panettiere service: a crew that turns orders into dough over gRPC. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
