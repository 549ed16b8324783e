package io.netty.handler.codec.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * Calls Netty's MQTT encoder and decoder directly, without a pipeline around them, so that the
 * comparison with Kite's codec measures codec work only. (Same package: both entry points are
 * package-private or protected.)
 */
public final class NettyAccess {
    private NettyAccess() {
    }

    public static ByteBuf encode(ChannelHandlerContext ctx, MqttMessage message) {
        return MqttEncoder.doEncode(ctx, message);
    }

    public static void decode(MqttDecoder decoder, ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
            throws Exception {
        decoder.decode(ctx, in, out);
    }
}
