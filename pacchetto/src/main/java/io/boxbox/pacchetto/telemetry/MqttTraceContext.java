package io.boxbox.pacchetto.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries W3C trace context ({@code traceparent}, {@code tracestate}) in MQTT v5 user properties.
 * The agent has no Paho instrumentation, so this is what makes a driver's fix and the gateway's
 * relay of it one trace with the delivery.
 */
public final class MqttTraceContext {

    private static final TextMapSetter<List<UserProperty>> SETTER =
            (properties, key, value) -> properties.add(new UserProperty(key, value));
    private static final TextMapGetter<List<UserProperty>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(List<UserProperty> properties) {
            return properties.stream().map(UserProperty::getKey).toList();
        }

        @Override
        public String get(List<UserProperty> properties, String key) {
            if (properties == null) {
                return null;
            }
            return properties.stream().filter(p -> p.getKey().equals(key)).map(UserProperty::getValue)
                    .findFirst().orElse(null);
        }
    };

    private MqttTraceContext() {
    }

    /** Publish properties carrying {@code context}; empty when nothing is traced. */
    public static MqttProperties inject(Context context) {
        List<UserProperty> userProperties = new ArrayList<>(2);
        GlobalOpenTelemetry.getPropagators().getTextMapPropagator().inject(context, userProperties, SETTER);
        MqttProperties properties = new MqttProperties();
        if (!userProperties.isEmpty()) {
            properties.setUserProperties(userProperties);
        }
        return properties;
    }

    public static Context extract(MqttProperties properties) {
        if (properties == null || properties.getUserProperties() == null || properties.getUserProperties().isEmpty()) {
            return Context.root();
        }
        return GlobalOpenTelemetry.getPropagators().getTextMapPropagator()
                .extract(Context.root(), properties.getUserProperties(), GETTER);
    }
}
