package io.boxbox.gateway.token;

/** The name of the order token's security scheme in the OpenAPI document (declared on {@code Application}). */
public final class OrderTokenScheme {

    public static final String NAME = "orderToken";

    private OrderTokenScheme() {
    }
}
