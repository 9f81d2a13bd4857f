package io.boxbox.maestro.pass;

import io.boxbox.pacchetto.order.PizzaProgress;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.nats.client.JetStreamApiException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes every unfinished pizza of one order at once, each on its own virtual thread, as far as
 * panettieri, chefs and oven slots allow (the kitchen services refuse what they cannot take, and
 * each pizza waits on its own). Each pizza is a span ("pizza 2/3", {@code boxbox.pizza}) under the
 * order's, carrying the order's gRPC context, so the order's cancellation reaches every pizza's
 * call, and its MDC. The first pizza that fails for good (or a cancel, a fenced-out attempt, a
 * shutdown) stops the others — their calls are cancelled and their threads interrupted — and
 * once they have all stopped its exception is the order's.
 */
@Singleton
class Brigade {

    private final PizzaMaker maker;
    private final Tracer tracer;

    @Inject
    Brigade(PizzaMaker maker) {
        this(maker, Telemetry.tracer());
    }

    Brigade(PizzaMaker maker, Tracer tracer) {
        this.maker = maker;
        this.tracer = tracer;
    }

    /** Returns when every pizza is READY; throws the first failure of any pizza. */
    void makeEveryPizza(Ticket ticket, List<PizzaProgress> pizzas) throws IOException, JetStreamApiException, InterruptedException {
        List<PizzaTicket> unfinished = pizzas.stream().filter(pizza -> !pizza.isReady())
                .map(pizza -> new PizzaTicket(ticket, pizza, pizzas.size())).toList();
        if (unfinished.isEmpty()) {
            return;
        }
        io.grpc.Context.CancellableContext calls = io.grpc.Context.current().withCancellation();
        // Read with the pizzas' gRPC context attached: where the OpenTelemetry agent keeps the gRPC
        // context inside its own (its gRPC instrumentation does), the pizza's context then holds both.
        io.grpc.Context before = calls.attach();
        io.opentelemetry.context.Context order;
        try {
            order = io.opentelemetry.context.Context.current();
        } finally {
            calls.detach(before);
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Throwable first = null;
        try (ExecutorService cooks = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("pizza-" + ticket.orderId() + "-", 1).factory())) {
            CompletionService<Void> done = new ExecutorCompletionService<>(cooks);
            List<Future<Void>> running = new ArrayList<>();
            for (PizzaTicket pizza : unfinished) {
                running.add(done.submit(calls.wrap(onePizza(pizza, order, mdc))));
            }
            try {
                for (int i = 0; i < unfinished.size() && first == null; i++) {
                    try {
                        done.take().get();
                    } catch (ExecutionException failed) {
                        first = failed.getCause();
                    }
                }
            } catch (InterruptedException shutdown) {
                first = shutdown;
            } finally {
                if (first != null) {
                    // No pizza of a failed, cancelled or abandoned order is made on: stop every call in flight.
                    running.forEach(pizza -> pizza.cancel(true));
                    calls.cancel(first);
                }
            }
            // closing the executor waits until every pizza thread has stopped, so none writes after the order's end
        } finally {
            calls.cancel(null);
        }
        if (first != null) {
            rethrow(first);
        }
    }

    private Callable<Void> onePizza(PizzaTicket pizza, io.opentelemetry.context.Context order, Map<String, String> mdc) {
        return () -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            MDC.put("pizza", pizza.label());
            Span span = tracer.spanBuilder("pizza " + pizza.label()).setParent(order)
                    .setAttribute(Telemetry.ORDER_ID, pizza.orderId())
                    .setAttribute(Telemetry.PIZZA, pizza.label())
                    .startSpan();
            try (Scope ignored = order.with(span).makeCurrent()) {
                maker.make(pizza);
                return null;
            } catch (Exception | Error e) {
                span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
                throw e;
            } finally {
                span.end();
                MDC.clear();
            }
        };
    }

    private static void rethrow(Throwable first) throws IOException, JetStreamApiException, InterruptedException {
        switch (first) {
            case IOException e -> throw e;
            case JetStreamApiException e -> throw e;
            case InterruptedException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException("a pizza failed: " + first, first);
        }
    }
}
