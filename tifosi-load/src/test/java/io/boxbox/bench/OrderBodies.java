package io.boxbox.bench;

import io.boxbox.load.TifosiOrders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The intake's request bodies for wrk and the open-model client: a pool of one-pizza orders drawn
 * by {@link TifosiOrders} (its default mix, as the bench has always sent), with {@value #WHO} where
 * the username goes, so each request can name a person of its own. Written one body a line for
 * wrk's script ({@code bench/wrk-orders.lua}), held as byte halves for the Java client.
 */
final class OrderBodies {

    static final String WHO = "@@WHO@@";
    /** As many tifosi as {@link TifosiOrders} spreads its orders over: nobody orders often enough for the per-person limit. */
    static final int TIFOSI = 100_000;

    private final List<byte[]> prefixes = new ArrayList<>();
    private final List<byte[]> suffixes = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    OrderBodies(TifosiOrders orders, int size) {
        for (int i = 0; i < size; i++) {
            TifosiOrders.TifosoOrder drawn = orders.next();
            TifosiOrders.TifosoOrder anyone = new TifosiOrders.TifosoOrder(WHO, drawn.items(), drawn.singlePizzaBody(),
                    drawn.orderType(), drawn.destination());
            String json = orders.requestJson(anyone);
            int at = json.indexOf(WHO);
            if (at < 0 || json.indexOf('\n') >= 0) {
                throw new IllegalStateException("an order body must be one line naming " + WHO + ": " + json);
            }
            lines.add(json);
            prefixes.add(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
            suffixes.add(json.substring(at + WHO.length()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes the pool for wrk's script, one body a line. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("order-bodies.txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Body {@code n} of the pool (modulo its size) for the person {@code who}. */
    byte[] body(long n, String who) {
        int i = (int) Math.floorMod(n, (long) prefixes.size());
        byte[] name = who.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = prefixes.get(i);
        byte[] suffix = suffixes.get(i);
        byte[] body = new byte[prefix.length + name.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(name, 0, body, prefix.length, name.length);
        System.arraycopy(suffix, 0, body, prefix.length + name.length, suffix.length);
        return body;
    }

    /** The person of request {@code n}, spread over {@link #TIFOSI} as wrk's script spreads them. */
    static String person(long n) {
        return "tifoso-" + (Math.floorMod(n, (long) TIFOSI) + 1);
    }
}
