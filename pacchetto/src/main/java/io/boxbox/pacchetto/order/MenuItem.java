package io.boxbox.pacchetto.order;

/** {@code quantity} of one drink or dessert, by its menu id ({@code GET /v1/menu}). */
public record MenuItem(String id, int quantity) implements OrderItem {
}
