package io.boxbox.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One customer per order following {@code GET /v1/order/{id}/sse}, each on its own HTTP connection.
 * A location frame's latency is its arrival here minus the {@code ts} the device put in the fix
 * (same machine, same clock). A stream is ready once it has seen OUT_FOR_DELIVERY: from then on
 * the gateway knows who carries the order.
 */
final class SseAudience implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<Customer> customers = new ArrayList<>();
    private final CountDownLatch ready;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final LongAdder receivedOutsideWindow = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile Instant windowStart = Instant.MAX;
    private volatile Instant windowEnd = Instant.MAX;

    SseAudience(URI gateway, List<String> orderIds) throws InterruptedException {
        ready = new CountDownLatch(orderIds.size());
        // Opening thousands of streams at once would only queue up in the gateway's accept loop.
        Semaphore opening = new Semaphore(64);
        for (String orderId : orderIds) {
            opening.acquire();
            Customer customer = new Customer(opening);
            customers.add(customer);
            HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/order/" + orderId + "/sse"))
                    .header("Accept", "text/event-stream").build();
            http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(customer))
                    .whenComplete((response, error) -> {
                        if (error != null || response.statusCode() != 200) {
                            failed.increment();
                            customer.release();
                        }
                    });
        }
    }

    boolean awaitReady(Duration within) throws InterruptedException {
        return ready.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    long notReady() {
        return ready.getCount();
    }

    long failed() {
        return failed.sum();
    }

    void measure(Instant from, Instant to) {
        windowStart = from;
        windowEnd = to;
    }

    LatencyRecorder latencies() {
        return latencies;
    }

    @Override
    public void close() {
        customers.forEach(Customer::leave);
        http.shutdownNow();
    }

    private final class Customer implements Flow.Subscriber<String> {

        private final Semaphore opening;
        private Flow.Subscription subscription;
        private String event = "message";
        private boolean released;

        Customer(Semaphore opening) {
            this.opening = opening;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                opening.release();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            Instant arrived = Instant.now();
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (event.equals("location")) {
                    location(line, arrived);
                } else if (event.equals("state") && line.contains("\"OUT_FOR_DELIVERY\"")) {
                    release();
                    ready.countDown();
                }
            } else if (line.isEmpty()) {
                event = "message";
            }
        }

        private void location(String data, Instant arrived) {
            int at = data.indexOf("\"ts\":\"");
            if (at < 0) {
                return;
            }
            int from = at + 6;
            Instant ts = Instant.parse(data.substring(from, data.indexOf('"', from)));
            if (ts.isBefore(windowStart) || !ts.isBefore(windowEnd)) {
                receivedOutsideWindow.increment();
                return;
            }
            latencies.record(Duration.between(ts, arrived).toNanos() / 1_000);
        }

        void leave() {
            if (subscription != null) {
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            release();
        }

        @Override
        public void onComplete() {
            release();
        }
    }
}
