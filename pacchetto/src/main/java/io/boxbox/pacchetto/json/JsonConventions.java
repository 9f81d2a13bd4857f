package io.boxbox.pacchetto.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * One JSON dialect for HTTP bodies and broker payloads alike: ISO-8601 instants, snake_case
 * (declared on each record), so a snapshot reads the same from curl, SSE and the KV bucket.
 */
@Singleton
public class JsonConventions implements BeanCreatedEventListener<ObjectMapper> {

    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        return apply(event.getBean());
    }

    /** Applies the conventions to a mapper built outside Micronaut (tests, tools). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return mapper;
    }
}
