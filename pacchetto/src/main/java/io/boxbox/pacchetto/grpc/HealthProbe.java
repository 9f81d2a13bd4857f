package io.boxbox.pacchetto.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Command-line gRPC health check used by {@code ./boxbox}: {@code HealthProbe [--wait SECONDS] name=host:port ...}.
 * Prints one line per target with its serving status; exits 0 only when every target is SERVING.
 * With {@code --wait} it keeps asking until all serve or the time is up.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Duration wait = Duration.ZERO;
        Map<String, String> targets = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--wait") && i + 1 < args.length) {
                wait = Duration.ofSeconds(Long.parseLong(args[++i]));
            } else {
                String[] nameAndTarget = args[i].split("=", 2);
                targets.put(nameAndTarget[0], nameAndTarget.length == 2 ? nameAndTarget[1] : nameAndTarget[0]);
            }
        }
        if (targets.isEmpty()) {
            System.err.println("usage: HealthProbe [--wait SECONDS] name=host:port ...");
            System.exit(2);
        }
        Instant deadline = Instant.now().plus(wait);
        Map<String, String> status;
        do {
            status = checkAll(targets);
            if (status.values().stream().allMatch("SERVING"::equals)) {
                break;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        List<String> lines = new ArrayList<>();
        status.forEach((name, state) -> lines.add(name + " " + targets.get(name) + " " + state));
        lines.forEach(System.out::println);
        System.exit(status.values().stream().allMatch("SERVING"::equals) ? 0 : 1);
    }

    /** All at once (one virtual thread each): nine replicas cost one deadline, not nine. */
    private static Map<String, String> checkAll(Map<String, String> targets) throws InterruptedException {
        Map<String, Future<String>> asked = new LinkedHashMap<>();
        Map<String, String> status = new LinkedHashMap<>();
        try (ExecutorService askers = Executors.newVirtualThreadPerTaskExecutor()) {
            targets.forEach((name, target) -> asked.put(name, askers.submit(() -> check(target))));
            for (Map.Entry<String, Future<String>> answer : asked.entrySet()) {
                try {
                    status.put(answer.getKey(), answer.getValue().get());
                } catch (ExecutionException e) {
                    status.put(answer.getKey(), "DOWN (" + e.getCause() + ")");
                }
            }
        }
        return status;
    }

    private static String check(String target) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            // 3 s, not 1: on a busy machine a healthy service's first answer to a fresh channel
            // (connect, handshake, a cold probe JVM) can take more than a second
            HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(3, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            return response.getStatus().name();
        } catch (StatusRuntimeException e) {
            return "DOWN (" + e.getStatus().getCode() + ")";
        } finally {
            channel.shutdownNow();
        }
    }
}
