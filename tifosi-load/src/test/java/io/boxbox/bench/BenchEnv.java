package io.boxbox.bench;

import io.boxbox.e2e.Mesh;

import java.util.HashMap;
import java.util.Map;

/** Environment for the services under benchmark. */
final class BenchEnv {

    private BenchEnv() {
    }

    /**
     * Tracing as {@code ./boxbox up} deploys it: the agent's batch span processor at its default
     * 5 s schedule (the test harness shortens it to 200 ms so tests see spans sooner).
     */
    static Map<String, String> deployedTracing() {
        return Map.of("OTEL_BSP_SCHEDULE_DELAY", "5000");
    }

    /** A calm kitchen at time scale 0: nobody waits, sleeps or burns anything; orders only cost CPU. */
    static Map<String, String> calmKitchenAtFullSpeed() {
        Map<String, String> env = new HashMap<>(Mesh.CALM_KITCHEN);
        env.put("BOXBOX_SIM_TIME_SCALE", "0");
        env.putAll(deployedTracing());
        return env;
    }
}
