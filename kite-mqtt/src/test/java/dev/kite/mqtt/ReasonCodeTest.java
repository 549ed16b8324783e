package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ReasonCode}, {@link MqttServerException} and {@link MqttProtocolException} under MQTT 5.0. */
class ReasonCodeTest {

    @Test
    void namesAndErrors() {
        assertThat(ReasonCode.name(0x97)).isEqualTo("Quota exceeded");
        assertThat(ReasonCode.name(0x00)).isEqualTo("Success");
        assertThat(ReasonCode.name(0x05)).isEqualTo("Unknown reason code 0x05");
        assertThat(ReasonCode.name(-1)).isEqualTo("Unknown reason code -1");
        assertThat(ReasonCode.of(0x00)).isSameAs(ReasonCode.SUCCESS).isEqualTo(ReasonCode.GRANTED_QOS_0);
        assertThat(ReasonCode.NO_MATCHING_SUBSCRIBERS.isError()).isFalse();
        assertThat(ReasonCode.UNSPECIFIED_ERROR.isError()).isTrue();
        assertThat(ReasonCode.isError(0x7F)).isFalse();
        assertThat(ReasonCode.isDefined(0x05)).isFalse();
        assertThat(ReasonCode.of(0x05).name()).isEqualTo("Unknown reason code 0x05");
        assertThat(ReasonCode.QUOTA_EXCEEDED).hasToString("0x97 Quota exceeded");
        assertThatThrownBy(() -> ReasonCode.of(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyConstantIsFoundByItsValue() throws IllegalAccessException {
        int constants = 0;
        for (Field f : ReasonCode.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ReasonCode.class) {
                ReasonCode r = (ReasonCode) f.get(null);
                assertThat(ReasonCode.isDefined(r.code())).as(f.getName()).isTrue();
                assertThat(ReasonCode.of(r.code())).as(f.getName()).isEqualTo(r);
                assertThat(r.isError()).isEqualTo(r.code() >= 0x80);
                constants++;
            }
        }
        // table 2-6 lists 45 names for 43 values
        assertThat(constants).isEqualTo(45);
    }

    @Test
    void serverExceptionCarriesReasonStringAndReference() {
        MqttServerException old = new MqttServerException("refused", 5);
        assertThat(old.code()).isEqualTo(5);
        assertThat(old.reasonString()).isEqualTo(Optional.empty());
        assertThat(old.serverReference()).isEmpty();
        MqttServerException e = new MqttServerException("moved", 0x9D, "go away", "other:1883");
        assertThat(e.code()).isEqualTo(0x9D);
        assertThat(e.reasonString()).contains("go away");
        assertThat(e.serverReference()).contains("other:1883");
    }

    @Test
    void protocolExceptionCarriesTheDisconnectReasonCode() {
        assertThat(new MqttProtocolException("bad").reasonCode()).isEqualTo(0x81);
        assertThat(new MqttProtocolException("bad", new RuntimeException()).reasonCode()).isEqualTo(0x81);
        assertThat(new MqttProtocolException("bad", 0x82, null).reasonCode()).isEqualTo(0x82);
        assertThatThrownBy(() -> new MqttProtocolException("bad", 0x10, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x80 to 0xFF");
    }
}
