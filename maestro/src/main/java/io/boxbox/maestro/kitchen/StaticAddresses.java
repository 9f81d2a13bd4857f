package io.boxbox.maestro.kitchen;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import io.grpc.StatusOr;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The {@code static:///h1:p1,h2:p2} target: a fixed list of replicas, one subchannel each, for
 * round_robin to balance over. grpc-java resolves {@code dns:///} itself but has no scheme for a
 * list of addresses (C core's {@code ipv4:} is not in grpc-java), which is what the replicas on
 * one machine are. Found through {@code META-INF/services}, below DNS's priority so it never
 * becomes the default scheme.
 */
public final class StaticAddresses extends NameResolverProvider {

    public static final String SCHEME = "static";

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 4;
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
        return Set.of(InetSocketAddress.class);
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        if (!SCHEME.equals(target.getScheme())) {
            return null;
        }
        String path = target.getPath() == null ? "" : target.getPath();
        return new Resolver(parse(path.startsWith("/") ? path.substring(1) : path));
    }

    /** "h1:p1,h2:p2" as one group per replica; an entry that is no host:port is refused at once, naming it. */
    static List<InetSocketAddress> parse(String list) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String entry : list.split(",")) {
            String one = entry.strip();
            if (one.isEmpty()) {
                continue;
            }
            int colon = one.lastIndexOf(':');
            if (colon <= 0 || colon == one.length() - 1) {
                throw new IllegalArgumentException("'" + one + "' is not host:port");
            }
            String host = one.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(one.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + one + "' has no port number", e);
            }
            addresses.add(new InetSocketAddress(host, port));
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no address in '" + list + "'");
        }
        return List.copyOf(addresses);
    }

    private static final class Resolver extends NameResolver {

        private final List<InetSocketAddress> addresses;
        private Listener2 listener;

        Resolver(List<InetSocketAddress> addresses) {
            this.addresses = addresses;
        }

        @Override
        public String getServiceAuthority() {
            InetSocketAddress first = addresses.getFirst();
            return first.getHostString() + ":" + first.getPort();
        }

        @Override
        public void start(Listener2 listener) {
            this.listener = listener;
            publish();
        }

        /** Asked again after a replica failed: the list is the list, but an unresolved host gets another try. */
        @Override
        public void refresh() {
            if (listener != null) {
                publish();
            }
        }

        private void publish() {
            List<EquivalentAddressGroup> groups = new ArrayList<>();
            for (InetSocketAddress address : addresses) {
                InetSocketAddress resolved = address.isUnresolved()
                        ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
                if (!resolved.isUnresolved()) {
                    groups.add(new EquivalentAddressGroup(resolved));
                }
            }
            listener.onResult(ResolutionResult.newBuilder()
                    .setAddressesOrError(groups.isEmpty()
                            ? StatusOr.fromStatus(Status.UNAVAILABLE.withDescription("no replica of " + addresses + " resolves"))
                            : StatusOr.fromValue(groups))
                    .build());
        }

        @Override
        public void shutdown() {
            listener = null;
        }
    }
}
