package io.boxbox.pacchetto.pantry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * Stock changes as metrics (meter {@code io.boxbox.pantry}, attribute {@code boxbox.ingredient}):
 * portions taken, portions restocked, low-stock events and refusals for want of stock.
 * Through the OpenTelemetry API only; without the agent every call is a no-op.
 */
public final class PantryMeter {

    static final AttributeKey<String> INGREDIENT = AttributeKey.stringKey("boxbox.ingredient");

    private final LongCounter taken;
    private final LongCounter restocked;
    private final LongCounter low;
    private final LongCounter outOfStock;
    private final LongCounter givenBack;

    public PantryMeter() {
        Meter meter = GlobalOpenTelemetry.getMeter("io.boxbox.pantry");
        this.taken = meter.counterBuilder("boxbox.pantry.taken").setUnit("{portion}")
                .setDescription("portions taken off a shelf").build();
        this.restocked = meter.counterBuilder("boxbox.pantry.restocked").setUnit("{portion}")
                .setDescription("portions the supplier (or race control) put on a shelf").build();
        this.low = meter.counterBuilder("boxbox.pantry.low_stock").setUnit("{event}")
                .setDescription("low-stock events: a shelf at or below its threshold").build();
        this.outOfStock = meter.counterBuilder("boxbox.pantry.out_of_stock").setUnit("{refusal}")
                .setDescription("takes refused because the shelf was empty").build();
        this.givenBack = meter.counterBuilder("boxbox.pantry.given_back").setUnit("{portion}")
                .setDescription("portions put back unused: the rest of a short take, toppings of a cancelled pizza").build();
    }

    void taken(String ingredient, long portions) {
        taken.add(portions, Attributes.of(INGREDIENT, ingredient));
    }

    void restocked(String ingredient, long portions) {
        if (portions > 0) {
            restocked.add(portions, Attributes.of(INGREDIENT, ingredient));
        }
    }

    void givenBack(String ingredient, long portions) {
        givenBack.add(portions, Attributes.of(INGREDIENT, ingredient));
    }

    void low(String ingredient) {
        low.add(1, Attributes.of(INGREDIENT, ingredient));
    }

    void outOfStock(String ingredient) {
        outOfStock.add(1, Attributes.of(INGREDIENT, ingredient));
    }
}
