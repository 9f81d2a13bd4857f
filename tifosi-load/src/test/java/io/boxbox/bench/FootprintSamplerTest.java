package io.boxbox.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** PSS is read from smaps_rollup and, shared pages being split, never exceeds RSS by more than the moment between reads. */
class FootprintSamplerTest {

    @Test
    void readsRssAndPssOfALiveProcess() throws Exception {
        long self = ProcessHandle.current().pid();
        try (FootprintSampler sampler = new FootprintSampler(Map.of("self", self))) {
            Thread.sleep(300);
            FootprintSampler.Footprint max = sampler.stop();
            double rss = max.rssMb().get("self");
            double pss = max.pssMb().get("self");
            assertTrue(rss > 10, "a JVM's RSS is tens of MiB: " + rss);
            assertTrue(pss > 1, "PSS was read: " + pss);
            // a JVM maps shared libraries (libc, libjvm's pages cached for others): PSS is below RSS
            assertTrue(pss <= rss + 8, "PSS " + pss + " MiB against RSS " + rss + " MiB");
        }
    }
}
