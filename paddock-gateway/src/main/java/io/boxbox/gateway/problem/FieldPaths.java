package io.boxbox.gateway.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.Locale;

/** Field paths as the client spelled them ({@code items[2].toppings[0]}, {@code order_type}). */
public final class FieldPaths {

    private FieldPaths() {
    }

    /** The property path below the method parameter or bean, in the JSON spelling of the request. */
    public static String of(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
                continue;
            }
            if (node.getName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(snakeCase(node.getName()));
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
