package io.boxbox.gateway;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.boxbox.gateway.token.OrderTokenScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The paddock gateway: where team members order pizza and watch it come. */
@OpenAPIDefinition(info = @Info(
        title = "Box Box paddock gateway",
        version = "1",
        description = "Order pizza for the team, follow it from the dough to the garage door."))
@SecurityScheme(name = OrderTokenScheme.NAME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "the order_token of the 202 answer to POST /v1/order; it lets its holder cancel that one order")
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
