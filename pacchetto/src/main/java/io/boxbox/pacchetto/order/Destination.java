package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Where a delivery goes, already resolved to coordinates. {@code placeId} and {@code name} are set
 * when the customer named a place from the menu, and null for raw coordinates.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Destination(String placeId, String name, double lat, double lon) {

    public GeoPoint point() {
        return new GeoPoint(lat, lon);
    }
}
