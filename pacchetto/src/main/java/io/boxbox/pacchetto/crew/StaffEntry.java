package io.boxbox.pacchetto.crew;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * One person's heartbeat in KV bucket {@code staff}, and one row of {@code GET /v1/staff}.
 * {@code overrun} is true while an absence runs over its usual length (the staff page's
 * "oversleeping"), and absent otherwise.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StaffEntry(String name, String service, String instance, String state, Instant since, Instant until,
                         String orderId, Instant heartbeatAt, Boolean overrun) {

    public StaffEntry(String name, String service, String instance, String state, Instant since, Instant until,
                      String orderId, Instant heartbeatAt) {
        this(name, service, instance, state, since, until, orderId, heartbeatAt, null);
    }

    /** The KV key: service, instance and name, in the characters KV keys allow. */
    public String key() {
        return (service + "." + instance + "." + name).replaceAll("[^A-Za-z0-9_=.\\-/]", "_");
    }

    public StaffEntry offline(Instant at) {
        return new StaffEntry(name, service, instance, "OFFLINE", at, null, null, at);
    }
}
