package io.boxbox.gateway.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;

import java.util.Map;

/** Liveness and readiness in one: 200 when NATS is connected and orders can be taken, 503 otherwise. */
@Controller("/healthz")
public class HealthController {

    private final BrokerHealth broker;

    public HealthController(BrokerHealth broker) {
        this.broker = broker;
    }

    @Operation(summary = "Gateway health, NATS connectivity included")
    @Get
    public HttpResponse<Map<String, String>> health() {
        Map<String, String> body = Map.of(
                "status", broker.canTakeOrders() ? "UP" : "DOWN",
                "nats", broker.natsStatus().name());
        return broker.canTakeOrders() ? HttpResponse.ok(body) : HttpResponse.status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
