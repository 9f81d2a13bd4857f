package io.boxbox.gateway.json;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Two requests on two virtual threads get the same Jackson buffers, not a new set each. */
class SharedJsonBuffersTest {

    @Test
    void virtualThreadsShareTheMappersBuffers() throws Exception {
        ObjectMapper shared = SharedJsonBuffers.share(new ObjectMapper());
        assertSame(recyclerOfOneRequest(shared), recyclerOfOneRequest(shared),
                "the second request reuses the first one's buffers");
        assertEquals(Map.of("a", 1), shared.readValue("{\"a\":1}", Map.class), "and the mapper still reads");

        ObjectMapper plain = new ObjectMapper();
        assertNotSame(recyclerOfOneRequest(plain), recyclerOfOneRequest(plain),
                "Jackson's default: a new set per (virtual) thread");
    }

    private static BufferRecycler recyclerOfOneRequest(ObjectMapper mapper) throws InterruptedException {
        BufferRecycler[] seen = new BufferRecycler[1];
        Thread.ofVirtual().start(() -> {
            seen[0] = mapper.getFactory()._getBufferRecycler();
            seen[0].releaseToPool();
        }).join();
        return seen[0];
    }
}
