package io.boxbox.gateway;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** The paddock gateway: where team members order pizza and watch it come. */
@OpenAPIDefinition(info = @Info(
        title = "Box Box paddock gateway",
        version = "1",
        description = "Order pizza for the team, follow it from the dough to the garage door."))
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
