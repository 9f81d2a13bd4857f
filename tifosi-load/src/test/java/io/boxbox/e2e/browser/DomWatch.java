package io.boxbox.e2e.browser;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.util.List;
import java.util.Map;

/**
 * Watches a page from inside: a MutationObserver that, on every change of the document, reads a
 * few values and keeps each new one with its time. A state that lasts a few milliseconds (an ETA
 * of one fix, a card's stop in a column) is seen even though the test only looks now and then.
 * The readers are fixed script text (no eval), so a page's Content-Security-Policy cannot stop them.
 */
public final class DomWatch {

    /** The tracking page: order state, ETA, positions drawn, trail points and the live-connection flag. */
    public static final String TRACKING = """
            const state = document.querySelector('#order-state');
            const eta = document.querySelector('#eta');
            const map = document.querySelector('#order-map');
            const trail = document.querySelector('#driver-trail');
            return {
              state: state ? state.dataset.state || '' : '',
              eta: eta && eta.dataset.etaS !== undefined && eta.dataset.etaS !== '' ? eta.dataset.etaS : '',
              positions: map ? map.dataset.positions || '' : '',
              trail: trail ? String((trail.getAttribute('points') || '').trim().split(/\\s+/).filter(p => p).length) : '',
              live: document.body.dataset.live || ''
            };""";

    /** The board: each card's column and state, as "column/state". */
    public static final String BOARD = """
            const cards = {};
            document.querySelectorAll('article[data-order-id]').forEach(card => {
              const column = card.closest('section[data-column]');
              cards['card:' + card.dataset.orderId] = (column ? column.dataset.column : '?') + '/' + (card.dataset.state || '');
            });
            return cards;""";

    private static final String INSTALL = """
            window.__pitWall = window.__pitWall || [];
            const seen = {};
            const look = () => {
              let values;
              try { values = read(); } catch (e) { return; }
              for (const [key, value] of Object.entries(values)) {
                if (seen[key] !== value) {
                  seen[key] = value;
                  window.__pitWall.push({key: key, value: value, t: performance.now()});
                }
              }
            };
            look();
            new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
            """;

    private final JavascriptExecutor page;

    public DomWatch(WebDriver driver) {
        this.page = (JavascriptExecutor) driver;
    }

    /** Starts watching the current page with {@code reader}, a function body returning an object of strings. */
    public void install(String reader) {
        page.executeScript("const read = () => {\n" + reader + "\n};\n" + INSTALL);
    }

    /** Every value {@code key} took since the watch began, in order. */
    public List<String> values(String key) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> log = (List<Map<String, Object>>) page.executeScript("return window.__pitWall || [];");
        return log.stream().filter(entry -> key.equals(entry.get("key"))).map(entry -> String.valueOf(entry.get("value"))).toList();
    }
}
