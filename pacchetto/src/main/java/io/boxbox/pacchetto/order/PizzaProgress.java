package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * Where one pizza of an order stands: {@code number} (1-based, in the order of the items), what
 * it is, its own stage ({@link OrderState#isKitchenStage() a kitchen stage}, QUEUED until someone
 * starts on it), who made its dough and who topped and baked it, and how often it was remade. The
 * order's own state is the lowest stage of its pizzas ({@link OrderSnapshot#kitchenState()}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PizzaProgress(
        int number,
        PizzaSize size,
        List<String> toppings,
        Border border,
        OrderState state,
        String panettiere,
        String chef,
        int remakes) {

    public PizzaProgress {
        toppings = toppings == null ? List.of() : List.copyOf(toppings);
    }

    static PizzaProgress queued(int number, PizzaItem pizza) {
        return new PizzaProgress(number, pizza.size(), pizza.toppings(), pizza.border(), OrderState.QUEUED, null, null, 0);
    }

    /** This pizza at {@code stage}; entering REMAKING counts a remake and forgets the lost pizza's dough and chef. */
    public PizzaProgress at(OrderState stage) {
        boolean remake = stage == OrderState.REMAKING && state != OrderState.REMAKING;
        return new PizzaProgress(number, size, toppings, border, stage, remake ? null : panettiere,
                remake ? null : chef, remake ? remakes + 1 : remakes);
    }

    public PizzaProgress withPanettiere(String who) {
        return new PizzaProgress(number, size, toppings, border, state, who, chef, remakes);
    }

    public PizzaProgress withChef(String who) {
        return new PizzaProgress(number, size, toppings, border, state, panettiere, who, remakes);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isReady() {
        return state == OrderState.READY;
    }
}
