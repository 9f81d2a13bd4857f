package io.boxbox.gateway.json;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Jackson's parse and write buffers (a byte[8000] and char[4000] or two per parser or generator)
 * shared by every request, instead of kept per thread. Jackson's default pool keeps them in a
 * ThreadLocal, and every request here runs on a new virtual thread: each one allocated a fresh set
 * for the body it read, the order it queued, its journal entry, its idempotency record and its
 * answer. Measured with JFR in the intake bench, those buffers were 35 % of all the gateway's
 * allocation, and with 64 orders in flight a young collection found megabytes of them still in use,
 * moved them to the old generation and so brought on the full collections (tifosi-load/bench/intake-gc.md).
 * A bounded pool keeps at most {@link #POOLED} sets (a few hundred KB) for the gateway's life;
 * a parser or generator holds one only while it runs, so a few are in use at once.
 */
@Singleton
public class SharedJsonBuffers implements BeanCreatedEventListener<ObjectMapper> {

    /** Sets kept at most; more at once are made and dropped, as before. */
    static final int POOLED = 64;

    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        return share(event.getBean());
    }

    static ObjectMapper share(ObjectMapper mapper) {
        mapper.getFactory().setRecyclerPool(JsonRecyclerPools.newBoundedPool(POOLED));
        return mapper;
    }
}
