package io.boxbox.gateway.health;

import io.boxbox.gateway.tracking.FixRelay;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;

import java.util.Map;

/**
 * Liveness and readiness in one: 200 when NATS is connected and orders can be taken, 503 otherwise.
 * The MQTT link is reported but does not decide: without it orders still flow, only the live
 * driver positions pause.
 */
@Controller("/healthz")
public class HealthController {

    private final BrokerHealth broker;
    private final FixRelay relay;

    public HealthController(BrokerHealth broker, FixRelay relay) {
        this.broker = broker;
        this.relay = relay;
    }

    @Operation(summary = "Gateway health, NATS connectivity included (and the MQTT link, which does not decide)")
    @Get
    public HttpResponse<Map<String, String>> health() {
        Map<String, String> body = Map.of(
                "status", broker.canTakeOrders() ? "UP" : "DOWN",
                "nats", broker.natsStatus().name(),
                "mqtt", relay.status());
        return broker.canTakeOrders() ? HttpResponse.ok(body) : HttpResponse.status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
