package io.boxbox.pacchetto.jetstream;

import io.boxbox.pacchetto.crew.CrewCommand;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.testing.NatsUsers;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project's NATS users and permissions (deploy/nats/users.conf) on a real nats-server: no
 * anonymous access, a service with its own login may not act as another (publish fault injection,
 * queue orders, listen on another's subjects), and what each one needs works.
 */
class NatsAccessTest {

    /** Long enough for a refused message to have arrived had it been let through. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private static PrivateNats nats;

    @BeforeAll
    static void startSecuredServerShapedByTheMaestro() throws Exception {
        nats = PrivateNats.secured();
        Refusals maestroRefusals = new Refusals();
        try (Connection maestro = connect(NatsUsers.MAESTRO, maestroRefusals)) {
            new JetStreamTopology(maestro, Duration.ofDays(7)).ensure();
        } catch (IOException e) {
            throw new AssertionError("the maestro could not shape the topology; refused: " + maestroRefusals, e);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        nats.close();
    }

    @Test
    void anonymousClientIsRefused() {
        IOException refused = assertThrows(IOException.class, () -> Nats.connect(Options.builder().server(nats.url())
                .maxReconnects(0).connectionTimeout(Duration.ofSeconds(5)).build()));
        assertTrue(String.valueOf(refused.getMessage()).contains("Authorization Violation"), refused.getMessage());
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThrows(IOException.class, () -> Nats.connect(Options.builder().server(nats.url())
                .userInfo(NatsUsers.CHEF, nats.users().password(NatsUsers.GATEWAY))
                .maxReconnects(0).connectionTimeout(Duration.ofSeconds(5)).build()));
    }

    @Test
    void kitchenMayNotSendFaultInjectionButTheGatewayMay() throws Exception {
        Refusals chefRefusals = new Refusals();
        try (Connection panettiere = connect(NatsUsers.PANETTIERE, new Refusals());
             Connection chef = connect(NatsUsers.CHEF, chefRefusals);
             Connection gateway = connect(NatsUsers.GATEWAY, new Refusals())) {
            String subject = CrewCommand.subject("panettiere");
            Subscription commands = panettiere.subscribe(subject);
            panettiere.flush(SETTLE);

            chef.publish(subject, "sleep".getBytes(StandardCharsets.UTF_8));
            chef.flush(SETTLE);
            assertEquals(subject, chefRefusals.nextRefusedSubject());
            assertNull(commands.nextMessage(SETTLE), "the chef's command reached the panettiere");

            gateway.publish(subject, "sleep".getBytes(StandardCharsets.UTF_8));
            Message fromGateway = commands.nextMessage(Duration.ofSeconds(10));
            assertNotNull(fromGateway, "the gateway's command did not reach the panettiere");
        }
    }

    @Test
    void kitchenAnswersTheGatewaysCommandOnItsInbox() throws Exception {
        Refusals panettiereRefusals = new Refusals();
        try (Connection panettiere = connect(NatsUsers.PANETTIERE, panettiereRefusals);
             Connection gateway = connect(NatsUsers.GATEWAY, new Refusals())) {
            panettiere.createDispatcher(command -> panettiere.publish(command.getReplyTo(), "done".getBytes(StandardCharsets.UTF_8)))
                    .subscribe(CrewCommand.subject("panettiere"));
            panettiere.flush(SETTLE);
            Message reply = gateway.request(CrewCommand.subject("panettiere"), "status".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(10));
            assertNotNull(reply, "no answer from the panettiere");
            assertEquals("done", new String(reply.getData(), StandardCharsets.UTF_8));
            assertTrue(panettiereRefusals.none(), "refused: " + panettiereRefusals);
        }
    }

    @Test
    void kitchenMayNotQueueOrders() throws Exception {
        Refusals driverRefusals = new Refusals();
        String subject = Topology.orderSubject(OrderType.DELIVERY, "forged-by-the-driver");
        try (Connection driver = connect(NatsUsers.DRIVER, driverRefusals);
             Connection operator = connect(NatsUsers.OPERATOR, new Refusals())) {
            assertThrows(IOException.class, () -> driver.jetStream().publish(subject, "{}".getBytes(StandardCharsets.UTF_8)),
                    "JetStream acknowledged the driver's order");
            assertEquals(subject, driverRefusals.nextRefusedSubject());
            assertThrows(JetStreamApiException.class,
                    () -> operator.jetStreamManagement().getLastMessage(Topology.ORDERS_STREAM, subject),
                    "the driver's order is in ORDERS");
        }
    }

    @Test
    void kitchenMayNotListenOnAnotherServicesSubjects() throws Exception {
        Refusals driverRefusals = new Refusals();
        try (Connection driver = connect(NatsUsers.DRIVER, driverRefusals)) {
            driver.subscribe(CrewCommand.subject("panettiere"));
            driver.flush(SETTLE);
            assertEquals(CrewCommand.subject("panettiere"), driverRefusals.nextRefusedSubject());

            driver.subscribe(Topology.EVENTS_SUBJECTS);
            driver.flush(SETTLE);
            assertEquals(Topology.EVENTS_SUBJECTS, driverRefusals.nextRefusedSubject());
        }
    }

    @Test
    void kitchenMayNotReadTheRepliesMeantForAnother() throws Exception {
        Refusals chefRefusals = new Refusals();
        try (Connection chef = connect(NatsUsers.CHEF, chefRefusals)) {
            chef.subscribe(NatsUsers.inboxPrefix(NatsUsers.GATEWAY) + ">");
            chef.flush(SETTLE);
            assertEquals(NatsUsers.inboxPrefix(NatsUsers.GATEWAY) + ">", chefRefusals.nextRefusedSubject());

            chef.subscribe("_INBOX.>");
            chef.flush(SETTLE);
            assertEquals("_INBOX.>", chefRefusals.nextRefusedSubject());
        }
    }

    @Test
    void kitchenMayNotWriteAnotherServicesBucket() throws Exception {
        Refusals chefRefusals = new Refusals();
        try (Connection chef = connect(NatsUsers.CHEF, chefRefusals)) {
            assertThrows(IOException.class, () -> chef.keyValue(Topology.RIDES_BUCKET).put("forged", "{}"));
            assertTrue(chefRefusals.nextRefusedSubject().contains(Topology.RIDES_BUCKET), chefRefusals.toString());
        }
    }

    @Test
    void gatewayQueuesAnOrderAndTheMaestroPullsItFromItsConsumer() throws Exception {
        Refusals gatewayRefusals = new Refusals();
        Refusals maestroRefusals = new Refusals();
        String orderId = "o-access-" + System.nanoTime();
        try (Connection gateway = connect(NatsUsers.GATEWAY, gatewayRefusals);
             Connection maestro = connect(NatsUsers.MAESTRO, maestroRefusals)) {
            gateway.jetStream().publish(Topology.orderSubject(OrderType.TAKEOUT, orderId), "{}".getBytes(StandardCharsets.UTF_8));

            JetStreamSubscription pull = maestro.jetStream().subscribe(Topology.orderSubjects(OrderType.TAKEOUT),
                    PullSubscribeOptions.bind(Topology.ORDERS_STREAM, Topology.maestroConsumer(OrderType.TAKEOUT)));
            List<Message> fetched = pull.fetch(1, Duration.ofSeconds(10));
            assertEquals(1, fetched.size(), "the maestro pulled nothing");
            assertEquals(orderId, Topology.orderIdOf(fetched.get(0).getSubject()));
            fetched.get(0).ackSync(Duration.ofSeconds(5));
            assertTrue(gatewayRefusals.none(), "gateway refused: " + gatewayRefusals);
            assertTrue(maestroRefusals.none(), "maestro refused: " + maestroRefusals);
        }
    }

    @Test
    void refusalNamesTheSubjectAsTheServiceLogsIt() throws Exception {
        Refusals chefRefusals = new Refusals();
        try (Connection chef = connect(NatsUsers.CHEF, chefRefusals)) {
            chef.publish("orders.events.forged", new byte[0]);
            chef.flush(SETTLE);
            String error = chefRefusals.next();
            assertEquals("orders.events.forged", NatsRefusals.refusedSubject(error), error);
        }
    }

    private static Connection connect(String user, Refusals refusals) throws Exception {
        return Nats.connect(Options.builder().server(nats.url())
                .userInfo(user, nats.users().password(user))
                .inboxPrefix(NatsUsers.inboxPrefix(user))
                .errorListener(refusals)
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
    }

    /** What the server refused one connection, in arrival order. */
    private static final class Refusals implements ErrorListener {
        private final BlockingQueue<String> errors = new LinkedBlockingQueue<>();

        @Override
        public void errorOccurred(Connection conn, String error) {
            errors.add(error);
        }

        String next() throws InterruptedException {
            String error = errors.poll(10, TimeUnit.SECONDS);
            assertNotNull(error, "the server refused nothing");
            return error;
        }

        String nextRefusedSubject() throws InterruptedException {
            String error = next();
            String subject = NatsRefusals.refusedSubject(error);
            assertNotNull(subject, "not a permissions violation: " + error);
            return subject;
        }

        boolean none() {
            return errors.isEmpty();
        }

        @Override
        public String toString() {
            return errors.toString();
        }
    }
}
