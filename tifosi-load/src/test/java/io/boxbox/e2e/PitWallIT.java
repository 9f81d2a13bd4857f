package io.boxbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.e2e.browser.ConsoleWatch;
import io.boxbox.e2e.browser.DomWatch;
import io.boxbox.e2e.browser.HeadlessChromium;
import io.boxbox.e2e.browser.OrderForm;
import io.boxbox.e2e.browser.PageMeter;
import io.boxbox.e2e.browser.Screenshots;
import io.boxbox.e2e.browser.WireTap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pit wall in a real browser (issue 12): Debian's headless Chromium, driven by Selenium
 * through Debian's chromedriver, on the whole mesh as real processes. One mesh and one browser for
 * the class; the checks run in order and reuse what the earlier ones left (the menu, the admin
 * token in the session, the sleeping panettieri). Throughout, DevTools records every request (all
 * must go to the gateway) and every console error (there must be none the test did not cause).
 * Each page's first load is weighed and timed; see {@code target/pit-wall-pages.json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PitWallIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String DESKTOP = "1280x900";
    private static final String PHONE = "390x844";
    private static final List<String> DELIVERY = List.of("RECEIVED", "QUEUED", "MAKING_DOUGH", "TOPPING", "IN_OVEN", "READY",
            "OUT_FOR_DELIVERY", "DELIVERED");
    /** Long enough (simulated seconds) to see them asleep and place an order into the wait, short at the mesh's time scale. */
    private static final int NAP_S = 900;

    private Mesh mesh;
    private PaddockClient paddock;
    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private WireTap wire;
    private ConsoleWatch console;
    private PageMeter meter;
    private DomWatch watch;
    private final Screenshots screenshots = Screenshots.fromSystemProperty();

    @BeforeAll
    void start() throws Exception {
        Map<String, String> env = new HashMap<>(Mesh.CALM_KITCHEN);
        mesh = Mesh.start(env);
        paddock = new PaddockClient(mesh);
        chromium = HeadlessChromium.start(1280, 900);
        browser = chromium.driver();
        chromium.viewport(1280, 900, false);
        wire = new WireTap(chromium.devTools());
        console = new ConsoleWatch(chromium.devTools());
        meter = new PageMeter(wire);
        watch = new DomWatch(browser);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (meter != null) {
                meter.write(Path.of(System.getProperty("boxbox.pit-wall-report", "target/pit-wall-pages.json")));
            }
        } finally {
            if (chromium != null) {
                chromium.close();
            }
            if (mesh != null) {
                mesh.close();
            }
        }
    }

    @Test
    @Order(1)
    void theOrderFormShowsTheGatewaysFieldErrorNextToItsField() throws Exception {
        open("order", "/", DESKTOP, By.cssSelector("form#order-form"));
        checkShell();
        OrderForm form = new OrderForm(browser, PATIENCE).ready();
        screenshots.take(browser, "order");
        fieldErrorNextToItsField(form);
    }

    @Test
    @Order(2)
    void anOrderFromTheFormIsFollowedToDeliveredWithTheDriverOnTheMapAndAFallingEta() throws Exception {
        open("order", "/", DESKTOP, By.cssSelector("form#order-form"));
        OrderForm form = new OrderForm(browser, PATIENCE).ready();
        form.set("username", "charles").set("size", "large").set("border", "cheddar").set("quantity", "1")
                .set("order_type", "delivery").toppings("tomato", "mozzarella");
        // the place from the map, not the list: the list must follow the map
        form.pickOnMap("ascari_grandstand");
        assertEquals("ascari_grandstand", form.control("destination").getAttribute("value"),
                "clicking a place on the paddock map picks it as the destination");
        Tracked order = placeAndLand(form, DESKTOP);
        followToDelivered(order);
        screenshots.take(browser, "my-order");
    }

    @Test
    @Order(3)
    void theBoardShowsACardMovingThroughTheColumns() throws Exception {
        open("board", "/board.html", DESKTOP, By.cssSelector("section[data-column]"));
        checkShell();
        watch.install(DomWatch.BOARD);
        String orderId = paddock.placeDelivery("fred", "ferrari_garage");
        paddock.awaitTerminal(orderId, PATIENCE);
        List<String> seen = wait("the card of " + orderId + " in the DELIVERED column (or gone from the board)", d -> {
            List<String> values = watch.values("card:" + orderId);
            return !values.isEmpty() && (values.getLast().startsWith("DELIVERED/") || values.getLast().equals("undefined"))
                    ? values : null;
        });
        List<String> columns = new ArrayList<>();
        for (String value : seen) {
            if (value.equals("undefined")) {
                continue;
            }
            String[] columnAndState = value.split("/", 2);
            assertEquals(columnAndState[0], columnAndState[1], () -> "a card sits in its state's column: " + seen);
            if (columns.isEmpty() || !columns.getLast().equals(columnAndState[0])) {
                columns.add(columnAndState[0]);
            }
        }
        System.out.println("pit wall board: the card went through " + columns);
        assertTrue(columns.size() >= 3, () -> "the card moved through at least three columns: " + seen);
        assertEquals(columns, DELIVERY.stream().filter(columns::contains).toList(), "in the kitchen's order");
        WebElement count = browser.findElement(By.cssSelector("[data-count-for=DELIVERED]"));
        assertTrue(count.getText().strip().matches("\\d+"), () -> "a count per state: " + count.getText());
        assertFalse(browser.findElements(By.cssSelector("#throughput-chart")).isEmpty(), "the orders-per-minute chart");
        wait("every driver heard so far on the fleet map", d -> !d.findElements(By.cssSelector("svg#fleet-map [data-driver]")).isEmpty());
        screenshots.take(browser, "board");
    }

    @Test
    @Order(4)
    void raceControlRefusesWithoutTheTokenThenPutsThePanettieriToSleepAndTheStaffPageCountsDown() throws Exception {
        open("race-control", "/race-control.html", DESKTOP, By.cssSelector("#admin-token"));
        checkShell();
        for (String mishap : List.of("panettiere/oversleep", "maestro/oversmoke", "chef-sim/burn", "driver-sim/detour")) {
            assertFalse(browser.findElements(By.cssSelector("input[type=range][data-mishap='" + mishap + "']")).isEmpty(),
                    "a slider for " + mishap);
        }
        WebElement crew = browser.findElement(By.cssSelector("[data-crew=panettiere]"));
        new Select(crew.findElement(By.cssSelector("select[name=kind]"))).selectByValue("ASLEEP");
        WebElement duration = crew.findElement(By.cssSelector("input[name=duration_s]"));
        duration.clear();
        duration.sendKeys(Integer.toString(NAP_S));
        everyone(crew);
        // no token yet: refused, clearly, and nobody is sent to sleep
        console.forgive(e -> e.isNetwork() && e.about("/admin/v1/crew/panettiere/absence") && e.text().contains("401"));
        crew.findElement(By.cssSelector("button[data-action=absence]")).click();
        String refusal = wait("race control saying it needs the admin token", d -> {
            String status = d.findElement(By.cssSelector("#race-control-status")).getText();
            return status.toLowerCase().contains("token") ? status : null;
        });
        List<JsonNode> awake = panettieri();
        assertTrue(awake.stream().noneMatch(p -> p.get("state").asText().equals("ASLEEP")),
                () -> "refused without the token (" + refusal + "), yet someone sleeps: " + awake);

        browser.findElement(By.cssSelector("#admin-token")).sendKeys(Mesh.ADMIN_TOKEN);
        browser.findElement(By.cssSelector("#save-token")).click();
        Object kept = ((JavascriptExecutor) browser).executeScript(
                "const t = arguments[0]; const has = s => Object.keys(s).some(k => s.getItem(k) === t);"
                        + " return {session: has(sessionStorage), local: has(localStorage)};", Mesh.ADMIN_TOKEN);
        assertEquals(Map.of("session", true, "local", false), kept, "the admin token is kept for the browser session only");
        screenshots.take(browser, "race-control");
        crew.findElement(By.cssSelector("button[data-action=absence]")).click();
        wait("every panettiere asleep after race control's absence", d -> {
            try {
                List<JsonNode> people = panettieri();
                return !people.isEmpty() && people.stream().allMatch(p -> p.get("state").asText().equals("ASLEEP"));
            } catch (Exception e) {
                return false;
            }
        });

        open("staff", "/staff.html", DESKTOP, By.cssSelector("li[data-person]"));
        checkShell();
        List<WebElement> asleep = wait("the panettieri shown asleep on the staff page", d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("li[data-service=panettiere]"));
            return !rows.isEmpty() && rows.stream().allMatch(r -> "ASLEEP".equals(r.getAttribute("data-state"))) ? rows : null;
        });
        WebElement countdown = asleep.getFirst().findElement(By.cssSelector("span.countdown"));
        String first = wait("a countdown next to the sleeping panettiere", d -> countdown.getText().isBlank() ? null : countdown.getText());
        wait("the countdown running (it was " + first + ")", d -> !countdown.getText().equals(first));
        screenshots.take(browser, "staff");
    }

    @Test
    @Order(5)
    void theNextOrderWaitsForDoughSurvivesADroppedConnectionAndSaysWhyItWasSlow() throws Exception {
        open("order", "/", DESKTOP, By.cssSelector("form#order-form"));
        OrderForm form = new OrderForm(browser, PATIENCE).ready();
        form.set("username", "lewis").set("size", "medium").set("border", "none").set("quantity", "1")
                .set("order_type", "delivery").set("destination", "parabolica_grandstand").toppings("tomato");
        Tracked order = placeAndLand(form, DESKTOP);
        wait("the order waiting for dough while the panettieri sleep", d -> "WAITING_FOR_DOUGH".equals(state()));
        WebElement cancel = browser.findElement(By.cssSelector("button#cancel-order"));
        assertTrue(cancel.isDisplayed() && cancel.isEnabled(), "cancelling is offered before the oven");

        // The connection drops: the gateway dies mid-order and comes back on the same port.
        Instant cut = Instant.now();
        mesh.kill("paddock-gateway");
        wait("the page noticing the dropped connection", d -> watch.values("live").contains("reconnecting"));
        mesh.restart("paddock-gateway");
        wait("the page live again after the gateway came back", d -> {
            List<String> live = watch.values("live");
            return live.subList(live.indexOf("reconnecting"), live.size()).contains("open");
        });
        Instant back = Instant.now();
        // what failed while the gateway was away (the stream, a fetch) is the test's doing; nothing else is
        console.forgive(e -> e.isNetwork() && !e.at().isBefore(cut) && !e.at().isAfter(back));
        followToDelivered(order);

        List<String> why = wait("why it took this long, naming the wait for dough", d -> {
            List<String> lines = d.findElements(By.cssSelector("section#why li")).stream().map(WebElement::getText).toList();
            return lines.stream().anyMatch(l -> l.contains("dough") && (l.contains("asleep") || l.contains("slept"))) ? lines : null;
        });
        System.out.println("pit wall why: " + why);
    }

    @Test
    @Order(6)
    void onAPhoneTheFormAndTheTrackingPageWorkToo() throws Exception {
        chromium.viewport(390, 844, true);
        try {
            open("order", "/", PHONE, By.cssSelector("form#order-form"));
            OrderForm form = new OrderForm(browser, PATIENCE).ready();
            fitsTheScreen();
            screenshots.take(browser, "order-phone");
            fieldErrorNextToItsField(form);
            form.set("username", "carlos").set("size", "small").set("border", "none").set("quantity", "1")
                    .set("order_type", "delivery").set("destination", "parabolica_grandstand").toppings("mozzarella");
            Tracked order = placeAndLand(form, PHONE);
            followToDelivered(order);
            fitsTheScreen();
            screenshots.take(browser, "my-order-phone");
        } finally {
            chromium.viewport(1280, 900, false);
        }
    }

    @Test
    @Order(7)
    void everyRequestWentToTheGatewayAndNothingWentWrongInThePage() {
        URI gateway = mesh.gateway();
        assertTrue(wire.requests().size() > 10, () -> "the browser was watched: " + wire.requests());
        assertEquals(List.of(), wire.leavingFor(gateway), "every request the browser made went to the gateway " + gateway);
        System.out.println("pit wall console errors the test caused: " + console.all());
        assertEquals(List.of(), console.unexpected(), "console errors (all, forgiven included: " + console.all() + ")");
    }

    // ---------------------------------------------------------------------------------------------

    /** An order the browser follows: its id and the token from the page's URL fragment. */
    private record Tracked(String orderId, String token, String viewport) {
    }

    private void open(String page, String path, String viewport, By ready) {
        browser.get(mesh.gateway().resolve(path).toString());
        wait(path + " showing " + ready, d -> !d.findElements(ready).isEmpty());
        meter.measure(browser, page, path, viewport);
    }

    /** The shared shell of every page: language, the site's navigation, one main region. */
    private void checkShell() {
        assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
        assertFalse(browser.findElements(By.cssSelector("nav#site-nav")).isEmpty(), "nav#site-nav");
        assertEquals(1, browser.findElements(By.tagName("main")).size(), "one <main>");
    }

    private void fieldErrorNextToItsField(OrderForm form) {
        console.forgive(e -> e.isNetwork() && e.about("/v1/order") && e.text().contains("422"));
        form.set("username", "ch@rles!").set("order_type", "delivery").withoutBrowserChecks().submit();
        WebElement error = form.errorOf("username");
        WebElement control = form.control("username");
        wait("aria-invalid on the username control", d -> "true".equals(control.getAttribute("aria-invalid")));
        var errorBox = error.getRect();
        var controlBox = control.getRect();
        int gap = Math.max(errorBox.getY() - (controlBox.getY() + controlBox.getHeight()), controlBox.getY() - (errorBox.getY() + errorBox.getHeight()));
        assertTrue(gap < 60, () -> "the error (" + errorBox + ") is next to its field (" + controlBox + "): " + gap + " px apart");
        assertTrue(URI.create(browser.getCurrentUrl()).getPath().equals("/"), "still on the order page after a refusal");
    }

    /** Submits the form and waits for the my-order page it leads to, with the order's id and token. */
    private Tracked placeAndLand(OrderForm form, String viewport) {
        form.submit();
        wait("the my-order page after placing the order", d -> URI.create(d.getCurrentUrl()).getPath().equals("/order.html"));
        URI landed = URI.create(browser.getCurrentUrl());
        String orderId = parameters(landed.getRawQuery()).get("id");
        assertNotNull(orderId, () -> "order.html?id=...: " + landed);
        wait("the order number on the page", d -> !d.findElement(By.cssSelector("#order-number")).getText().isBlank());
        meter.measure(browser, "my-order", "/order.html", viewport);
        watch.install(DomWatch.TRACKING);
        // The token came in the fragment (#token=..., never sent); the page may move it into this tab's session storage.
        @SuppressWarnings("unchecked")
        Map<String, Object> kept = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                const id = arguments[0];
                const find = s => Object.keys(s).filter(k => k.includes(id)).map(k => s.getItem(k))[0] || null;
                return {fragment: new URLSearchParams(location.hash.slice(1)).get('token'),
                        session: find(sessionStorage), local: find(localStorage)};""", orderId);
        String token = kept.get("fragment") != null ? (String) kept.get("fragment") : (String) kept.get("session");
        assertNotNull(token, () -> "the order token in the URL fragment or the tab's session storage: " + kept + ", " + landed);
        assertEquals(null, kept.get("local"), "the order token is never kept beyond the tab");
        return new Tracked(orderId, token, viewport);
    }

    private void followToDelivered(Tracked order) throws Exception {
        wait("the order DELIVERED on its page", d -> "DELIVERED".equals(state()));
        List<String> positions = watch.values("positions");
        int drawn = positions.stream().filter(p -> p.matches("\\d+")).mapToInt(Integer::parseInt).max().orElse(0);
        assertTrue(drawn >= 3, () -> "at least three positions drawn on the map: " + positions);
        assertFalse(browser.findElements(By.cssSelector("#order-map #driver-marker")).isEmpty(), "the driver's marker");
        List<String> trail = watch.values("trail");
        assertTrue(trail.stream().filter(p -> p.matches("\\d+")).mapToInt(Integer::parseInt).max().orElse(0) >= 3,
                () -> "a trail through the positions: " + trail);
        List<Long> etas = watch.values("eta").stream().filter(v -> v.matches("\\d+")).map(Long::parseLong).toList();
        List<Long> changes = new ArrayList<>();
        etas.forEach(eta -> {
            if (changes.isEmpty() || !changes.getLast().equals(eta)) {
                changes.add(eta);
            }
        });
        assertTrue(changes.size() >= 2, () -> "the ETA changed while the driver rode: " + etas);
        for (int i = 1; i < changes.size(); i++) {
            assertTrue(changes.get(i) < changes.get(i - 1), () -> "the ETA only falls: " + changes);
        }
        // one timeline entry per stored event: none missing, none doubled, in order
        JsonNode history = paddock.json(paddock.get("/v1/order/" + order.orderId() + "/history").body());
        List<String> seqs = new ArrayList<>();
        history.get("events").forEach(e -> seqs.add(e.get("seq").asText()));
        List<WebElement> entries = browser.findElements(By.cssSelector("ol#timeline > li[data-event-id]"));
        List<String> shown = entries.stream().map(li -> li.getAttribute("data-event-id")).toList();
        assertEquals(seqs, shown, "the timeline shows every event of the order exactly once, in order");
        Set<String> states = new LinkedHashSet<>();
        entries.forEach(li -> states.add(li.getAttribute("data-state")));
        assertTrue(states.containsAll(DELIVERY), () -> "every state of a delivery on the timeline: " + states);
        assertTrue(browser.findElements(By.cssSelector("button#cancel-order")).stream().noneMatch(b -> b.isDisplayed() && b.isEnabled()),
                "no cancel button once delivered");
        assertFalse(browser.findElements(By.cssSelector("section#trace")).isEmpty(), "the trace section");
        assertTrue(wire.requests().stream().noneMatch(r -> r.url.contains(order.token())),
                "the order token never leaves the page in a URL");
        wait("the live connection closed after the last state", d -> "closed".equals(
                ((JavascriptExecutor) d).executeScript("return document.body.dataset.live")));
    }

    private void fitsTheScreen() {
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth;");
        assertTrue(((Number) overflow).intValue() <= 0, () -> "no sideways scrolling at 390 px: " + overflow + " px too wide");
    }

    private String state() {
        List<WebElement> state = browser.findElements(By.cssSelector("#order-state"));
        return state.isEmpty() ? null : state.getFirst().getAttribute("data-state");
    }

    /** The whole crew: the "everyone" choice of the person picker (an empty value), when there is one. */
    private static void everyone(WebElement crew) {
        List<WebElement> pickers = crew.findElements(By.cssSelector("select[name=person]"));
        if (!pickers.isEmpty()) {
            new Select(pickers.getFirst()).selectByValue("");
        }
    }

    private List<JsonNode> panettieri() throws Exception {
        List<JsonNode> people = new ArrayList<>();
        paddock.json(paddock.get("/v1/staff").body()).get("staff").forEach(p -> {
            if (p.get("service").asText().equals("panettiere")) {
                people.add(p);
            }
        });
        return people;
    }

    private <T> T wait(String what, java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100)).withMessage(what).until(condition);
    }

    private static Map<String, String> parameters(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
