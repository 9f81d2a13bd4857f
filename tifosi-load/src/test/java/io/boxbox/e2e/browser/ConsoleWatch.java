package io.boxbox.e2e.browser;

import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.log.Log;
import org.openqa.selenium.devtools.v156.log.model.LogEntry;
import org.openqa.selenium.devtools.v156.runtime.Runtime;
import org.openqa.selenium.devtools.v156.runtime.model.ConsoleAPICalled;
import org.openqa.selenium.devtools.v156.runtime.model.RemoteObject;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the page said went wrong: {@code console.error} and {@code console.assert}, uncaught
 * exceptions (DevTools Runtime domain), and the browser's own error entries (Log domain: a failed
 * resource, a blocked request, a CSP violation). The test forgives what it caused on purpose (a
 * 422 it asked for, the dropped connection it made) with {@link #forgive}.
 */
public final class ConsoleWatch {

    /** One error; {@code at} is when DevTools told us, so a test can forgive what fell in a window it made. */
    public record Entry(String kind, String text, String url, Instant at) {
        public boolean isNetwork() {
            return kind.equals("log.network");
        }

        public boolean about(String urlPart) {
            return (url != null && url.contains(urlPart)) || text.contains(urlPart);
        }

        @Override
        public String toString() {
            return kind + ": " + text + (url == null || url.isEmpty() ? "" : " (" + url + ")");
        }
    }

    private final List<Entry> errors = new CopyOnWriteArrayList<>();
    private final List<Predicate<Entry>> forgiven = new CopyOnWriteArrayList<>();

    public ConsoleWatch(DevTools devTools) {
        devTools.send(Runtime.enable());
        devTools.send(Log.enable());
        devTools.addListener(Runtime.consoleAPICalled(), call -> {
            if (call.getType() == ConsoleAPICalled.Type.ERROR || call.getType() == ConsoleAPICalled.Type.ASSERT) {
                errors.add(new Entry("console." + call.getType(), text(call.getArgs()), null, Instant.now()));
            }
        });
        devTools.addListener(Runtime.exceptionThrown(), thrown -> errors.add(new Entry("uncaught",
                thrown.getExceptionDetails().getException().flatMap(RemoteObject::getDescription)
                        .orElse(thrown.getExceptionDetails().getText()),
                thrown.getExceptionDetails().getUrl().orElse(null), Instant.now())));
        devTools.addListener(Log.entryAdded(), entry -> {
            if (entry.getLevel() == LogEntry.Level.ERROR) {
                errors.add(new Entry("log." + entry.getSource(), entry.getText(), entry.getUrl().orElse(null), Instant.now()));
            }
        });
    }

    /** From now on, errors {@code expected} matches are the test's own doing. */
    public void forgive(Predicate<Entry> expected) {
        forgiven.add(expected);
    }

    /** The errors nobody forgave. */
    public List<Entry> unexpected() {
        return errors.stream().filter(e -> forgiven.stream().noneMatch(f -> f.test(e))).toList();
    }

    public List<Entry> all() {
        return List.copyOf(errors);
    }

    private static String text(List<RemoteObject> args) {
        return args.stream().map(arg -> arg.getValue().map(String::valueOf).or(arg::getDescription).orElse(String.valueOf(arg.getType())))
                .collect(Collectors.joining(" "));
    }
}
