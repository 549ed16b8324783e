package dev.kite.cli.mosq;

import dev.kite.cli.mosq.PropertyFlags.Id;
import dev.kite.cli.mosq.PropertyFlags.Prop;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.internal.client.PacketRewriter;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.util.List;

/**
 * The -D properties kite-mqtt's API has no way to send, put on the wire as mosquitto's tools send
 * them, through kite-mqtt's internal {@link PacketRewriter} seam: user properties on SUBSCRIBE,
 * every property of {@code -D unsubscribe} and {@code -D disconnect} (on the DISCONNECT that ends
 * a run normally, not on one carrying an error's reason code), and the fixed topic alias of
 * {@code -D publish topic-alias} on kite pub's PUBLISHes: the first carries the topic and the
 * alias, later ones the alias and an empty topic, as mosquitto_pub's my_publish sends them. Also
 * the {@code -d} packet log when asked for.
 */
final class WireProperties implements PacketListener, PacketRewriter {
    private final PacketListener debug;
    private final Properties subscribe;
    private final Properties unsubscribe;
    private final Properties disconnect;
    private final int topicAlias;
    /** Touched on the writer's lock only (see {@link PacketRewriter}). */
    private boolean aliasSet;

    private WireProperties(ToolConfig cfg, PacketListener debug) {
        this.debug = debug;
        this.subscribe = wire(cfg.subscribeProps.stream().filter(p -> p.id() == Id.USER_PROPERTY).toList());
        this.unsubscribe = wire(cfg.unsubscribeProps);
        this.disconnect = wire(cfg.disconnectProps);
        Prop alias = cfg.tool == Tool.PUB ? PropertyFlags.find(cfg.publishProps, Id.TOPIC_ALIAS) : null;
        this.topicAlias = alias == null ? 0 : (int) alias.number();
    }

    /**
     * The packet listener for a client of kite pub or kite sub: {@code debug} (the -d log), or
     * null, wrapped in one that also rewrites packets when the 5.0 command line asks for it.
     */
    static PacketListener listener(ToolConfig cfg, PacketListener debug) {
        if (cfg.protocolVersion != 5) {
            return debug;
        }
        WireProperties w = new WireProperties(cfg, debug);
        boolean rewrites = !w.subscribe.isEmpty() || !w.unsubscribe.isEmpty() || !w.disconnect.isEmpty()
                || w.topicAlias != 0;
        return rewrites ? w : debug;
    }

    @Override
    public void onPacket(Direction direction, String description) {
        if (debug != null) {
            debug.onPacket(direction, description);
        }
    }

    @Override
    public Packet rewrite(Packet packet) {
        if (packet instanceof Publish p && topicAlias != 0) {
            Properties props = with(p.properties(), Properties.builder().number(Property.TOPIC_ALIAS, topicAlias).build());
            String topic = aliasSet ? "" : p.topic();
            aliasSet = true;
            return new Publish(topic, p.payload(), p.qos(), p.retain(), p.dup(), p.packetId(), props);
        }
        if (packet instanceof Subscribe s && !subscribe.isEmpty()) {
            return new Subscribe(s.packetId(), s.subscriptions(), with(s.properties(), subscribe));
        }
        if (packet instanceof Unsubscribe u && !unsubscribe.isEmpty()) {
            return new Unsubscribe(u.packetId(), u.filters(), with(u.properties(), unsubscribe));
        }
        if (packet instanceof Disconnect d && d.reasonCode() == 0 && d.properties().isEmpty() && !disconnect.isEmpty()) {
            return new Disconnect(0, disconnect);
        }
        return packet;
    }

    /** The command line's properties as kite-mqtt's packets carry them, in the order given. */
    private static Properties wire(List<Prop> props) {
        Properties.Builder b = Properties.builder();
        for (Prop p : props) {
            switch (p.id()) {
                case USER_PROPERTY -> b.userProperty(p.name(), p.value());
                case SESSION_EXPIRY_INTERVAL -> b.number(Property.SESSION_EXPIRY_INTERVAL, p.number());
                case REASON_STRING -> b.string(Property.REASON_STRING, p.value());
                case SERVER_REFERENCE -> b.string(Property.SERVER_REFERENCE, p.value());
                // the parser lets no other property through for these packets (mosquitto's
                // property check), and the subscription identifier goes through the API
                default -> throw new IllegalStateException("-D " + p.id().text() + " is not sent by kite here");
            }
        }
        return b.build();
    }

    /** {@code first} followed by {@code more}. */
    private static Properties with(Properties first, Properties more) {
        Properties.Builder b = Properties.builder();
        for (Properties ps : List.of(first, more)) {
            for (int i = 0; i < ps.size(); i++) {
                switch (Property.kind(ps.id(i))) {
                    case STRING -> b.string(ps.id(i), (String) ps.value(i));
                    case BINARY -> b.binary(ps.id(i), (byte[]) ps.value(i));
                    case PAIR -> b.userProperty((UserProperty) ps.value(i));
                    default -> b.number(ps.id(i), (Long) ps.value(i));
                }
            }
        }
        return b.build();
    }
}
