package io.boxbox.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model load generator, for latency that coordinated omission cannot flatter: requests are
 * due at a fixed rate whatever the server does, and each one's latency is timed from when it was
 * due (its intended send time), not from when a connection was free to send it. A stall of the
 * gateway therefore shows as the whole queue of requests due during it, each late by what it waited,
 * where a closed loop would just send fewer. (wrk2 does the same; it is not in Debian.)
 *
 * <p>A scheduler thread wakes up and hands every request that has come due to one Netty event loop,
 * which sends it on an idle keep-alive connection, opens another (up to {@code maxConnections}), or
 * queues it until a connection is free. Latencies go to an HdrHistogram on the event loop's thread.
 * Requests due during the warm-up are sent but not recorded. A request still unanswered
 * {@link #DRAIN} after the window is recorded at what it had waited by then and counted as
 * unanswered.
 */
final class OpenModel {

    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(120);

    /**
     * @param perSecondTarget the arrival rate asked for; {@code perSecondSent} what the scheduler managed
     * @param usage           CPU of the watched processes over the window (the bench process is the client here)
     */
    record Result(double perSecondTarget, double perSecondSent, long due, long answered, long errors, long unanswered,
                  int connectionsOpened, double seconds, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
                  double maxMs, Map<String, ProcessMeter.Usage> usage, String firstError) {
    }

    private final URI gateway;
    private final String path;
    private final OrderBodies bodies;
    private final int maxConnections;
    private final String runTag = Long.toString(System.nanoTime(), 36);

    OpenModel(URI gateway, String path, OrderBodies bodies, int maxConnections) {
        this.gateway = gateway;
        this.path = path;
        this.bodies = bodies;
        this.maxConnections = maxConnections;
    }

    Result run(double perSecond, Duration warmUp, Duration window, Map<String, Long> watched) throws InterruptedException {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Session session = new Session(group.next());
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                    session.new Answers());
                        }
                    });
            session.bootstrap = bootstrap;
            long intervalNs = Math.max(1, Math.round(1e9 / perSecond));
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            long measureFrom = start + warmUp.toNanos();
            long measureUntil = measureFrom + window.toNanos();
            session.measureFrom = measureFrom;
            session.measureUntil = measureUntil;
            Map<String, ProcessMeter.Usage> before = null;
            long n = 0;
            // the scheduler: everything due by now goes to the event loop in one task
            while (true) {
                long now = System.nanoTime();
                if (before == null && now >= measureFrom) {
                    before = ProcessMeter.usage(watched);
                }
                long due = start + n * intervalNs;
                if (due >= measureUntil) {
                    break;
                }
                if (due > now) {
                    LockSupport.parkNanos(Math.min(due - now, TimeUnit.MILLISECONDS.toNanos(1)));
                    continue;
                }
                long first = n;
                while (start + n * intervalNs <= now && start + n * intervalNs < measureUntil) {
                    n++;
                }
                long last = n;
                session.loop.execute(() -> {
                    for (long i = first; i < last; i++) {
                        session.due(i, start + i * intervalNs);
                    }
                });
            }
            Map<String, ProcessMeter.Usage> used = ProcessMeter.Usage.since(watched, before == null
                    ? ProcessMeter.usage(watched) : before);
            session.awaitQuiet(n, DRAIN);
            CountDownLatch read = new CountDownLatch(1);
            long cutoff = System.nanoTime();
            Object[] figures = new Object[1];
            session.loop.execute(() -> {
                figures[0] = session.close(cutoff);
                read.countDown();
            });
            read.await(30, TimeUnit.SECONDS);
            Session.Tally tally = (Session.Tally) figures[0];
            Histogram h = tally.latencies();
            double seconds = window.toNanos() / 1e9;
            long measuredDue = tally.measuredDue();
            return new Result(perSecond, measuredDue / seconds, measuredDue, tally.answered(), tally.errors(),
                    tally.unanswered(), tally.opened(), seconds, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                    h.getMaxValue() / 1e6, used, tally.firstError());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
    }

    /** Everything below runs on the one event loop, so none of it needs a lock. */
    private final class Session {

        record Tally(Histogram latencies, long measuredDue, long answered, long errors, long unanswered, int opened,
                     String firstError) {
        }

        private final EventLoop loop;
        private Bootstrap bootstrap;
        private long measureFrom;
        private long measureUntil;
        private final ArrayDeque<long[]> waiting = new ArrayDeque<>();
        private final ArrayDeque<Channel> idle = new ArrayDeque<>();
        private final java.util.Set<Channel> connected = new java.util.HashSet<>();
        private final Histogram latencies = new Histogram(HIGHEST_NS, 3);
        private int open;
        private int opened;
        private long measuredDue;
        private long answered;
        private long errors;
        private String firstError;
        private volatile long outstanding;
        private volatile long dispatched;

        Session(EventLoop loop) {
            this.loop = loop;
        }

        /** Request {@code n}, due at {@code dueNs}: sent now if a connection is free, else queued (its clock runs). */
        void due(long n, long dueNs) {
            if (dueNs >= measureFrom) {
                measuredDue++;
            }
            outstanding++;
            dispatched++;
            waiting.add(new long[] {n, dueNs});
            pump();
        }

        private void pump() {
            while (!waiting.isEmpty() && !idle.isEmpty()) {
                send(idle.poll(), waiting.poll());
            }
            while (waiting.size() > connecting && open < maxConnections) {
                connect();
            }
        }

        private int connecting;

        private void connect() {
            open++;
            opened++;
            connecting++;
            bootstrap.connect(gateway.getHost(), gateway.getPort()).addListener(f -> {
                connecting--;
                if (f.isSuccess()) {
                    Channel channel = ((io.netty.channel.ChannelFuture) f).channel();
                    channel.closeFuture().addListener(closed -> loop.execute(() -> lost(channel)));
                    connected.add(channel);
                    idle.add(channel);
                } else {
                    open--;
                    error("connect: " + f.cause());
                }
                pump();
            });
        }

        private void send(Channel channel, long[] request) {
            long n = request[0];
            byte[] body = bodies.body(n, OrderBodies.person(n));
            FullHttpRequest post = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                    Unpooled.wrappedBuffer(body));
            post.headers().set(HttpHeaderNames.HOST, gateway.getHost() + ":" + gateway.getPort())
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                    .set("Idempotency-Key", "open-" + runTag + "-" + n);
            channel.attr(DUE).set(request[1]);
            channel.writeAndFlush(post);
        }

        /** One answer on {@code channel}: timed from when its request was due. */
        void answered(Channel channel, FullHttpResponse response) {
            long now = System.nanoTime();
            Long dueNs = channel.attr(DUE).getAndSet(null);
            if (dueNs == null) {
                return;
            }
            outstanding--;
            if (dueNs >= measureFrom && dueNs < measureUntil) {
                latencies.recordValue(Math.min(now - dueNs, HIGHEST_NS));
                if (response.status().code() == 202) {
                    answered++;
                } else {
                    error("HTTP " + response.status().code() + ": "
                            + response.content().toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
                }
            }
            idle.add(channel);
            pump();
        }

        private void lost(Channel channel) {
            idle.remove(channel);
            connected.remove(channel);
            open--;
            Long dueNs = channel.attr(DUE).getAndSet(null);
            if (dueNs != null) {
                outstanding--;
                if (dueNs >= measureFrom && dueNs < measureUntil) {
                    latencies.recordValue(Math.min(System.nanoTime() - dueNs, HIGHEST_NS));
                    error("connection closed before the answer");
                }
            }
            pump();
        }

        private void error(String what) {
            errors++;
            if (firstError == null) {
                firstError = what;
            }
        }

        /** Waits until all {@code scheduled} requests have reached the event loop and been answered, for at most {@code limit}. */
        void awaitQuiet(long scheduled, Duration limit) throws InterruptedException {
            long until = System.nanoTime() + limit.toNanos();
            while ((dispatched < scheduled || outstanding > 0) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        }

        /** What was measured; requests still waiting or in flight are recorded at their wait so far. */
        Tally close(long cutoff) {
            long unanswered = 0;
            for (long[] request : waiting) {
                if (request[1] >= measureFrom && request[1] < measureUntil) {
                    latencies.recordValue(Math.min(cutoff - request[1], HIGHEST_NS));
                    unanswered++;
                }
            }
            waiting.clear();
            for (Channel channel : List.copyOf(connected)) {
                Long dueNs = channel.attr(DUE).getAndSet(null);
                if (dueNs != null && dueNs >= measureFrom && dueNs < measureUntil) {
                    latencies.recordValue(Math.min(cutoff - dueNs, HIGHEST_NS));
                    unanswered++;
                }
                channel.close();
            }
            return new Tally(latencies.copy(), measuredDue, answered, errors, unanswered, opened, firstError);
        }

        /** The last handler of every connection's pipeline. */
        final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                answered(ctx.channel(), response);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                error(cause.toString());
                ctx.close();
            }
        }
    }

    private static final io.netty.util.AttributeKey<Long> DUE = io.netty.util.AttributeKey.valueOf("boxbox.bench.due");

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "open model on %s%s, at most %d connections", gateway, path, maxConnections);
    }
}
