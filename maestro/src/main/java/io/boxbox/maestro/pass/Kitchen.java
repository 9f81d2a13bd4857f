package io.boxbox.maestro.pass;

import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.PizzaSize;

/** Maps the order model onto the kitchen's protobuf enums. */
final class Kitchen {

    private Kitchen() {
    }

    static io.boxbox.proto.common.v1.PizzaSize size(PizzaSize size) {
        return switch (size) {
            case SMALL -> io.boxbox.proto.common.v1.PizzaSize.PIZZA_SIZE_SMALL;
            case MEDIUM -> io.boxbox.proto.common.v1.PizzaSize.PIZZA_SIZE_MEDIUM;
            case LARGE -> io.boxbox.proto.common.v1.PizzaSize.PIZZA_SIZE_LARGE;
        };
    }

    static io.boxbox.proto.common.v1.Border border(Border border) {
        return switch (border) {
            case NONE -> io.boxbox.proto.common.v1.Border.BORDER_NONE;
            case CREAM_CHEESE -> io.boxbox.proto.common.v1.Border.BORDER_CREAM_CHEESE;
            case CHEDDAR -> io.boxbox.proto.common.v1.Border.BORDER_CHEDDAR;
            case CHOCOLATE -> io.boxbox.proto.common.v1.Border.BORDER_CHOCOLATE;
        };
    }
}
