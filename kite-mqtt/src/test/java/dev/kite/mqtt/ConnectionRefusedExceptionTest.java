package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionRefusedExceptionTest {

    // [MQTT-3.2.2.3] Table 3.1 - Connect Return code values
    @ParameterizedTest
    @CsvSource({
        "1, unacceptable protocol version",
        "2, client identifier rejected",
        "3, server unavailable",
        "4, bad user name or password",
        "5, not authorised",
    })
    void messageSaysWhatWasRefusedAndCarriesTheCode(int code, String meaning) {
        ConnectionRefusedException e = new ConnectionRefusedException("tcp://127.0.0.1:1883", code);

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage())
                .isEqualTo("connection refused by tcp://127.0.0.1:1883: " + meaning + " (return code " + code + ")");
        assertThat(e).isInstanceOf(MqttServerException.class);
    }

    @Test
    void unknownCodesAreStillReportedWithTheirNumber() {
        ConnectionRefusedException e = new ConnectionRefusedException("tcp://h:1883", 0x87);

        assertThat(e.code()).isEqualTo(0x87);
        assertThat(e.getMessage()).contains("unknown return code").contains("(return code 135)");
    }

    @Test
    void everyRefusalHasItsOwnDescription() {
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(ConnectionRefusedException::describe).distinct())
                .hasSize(5)
                .doesNotContain("unknown return code", "connection accepted");
    }

    @Test
    void aMqtt5RefusalNamesItsReasonCodeAndCarriesTheBrokersWords() {
        ConnectionRefusedException e = new ConnectionRefusedException("tcp://h:1883", ProtocolVersion.MQTT_5, 0x9C,
                "full", "other:1883");

        assertThat(e.getMessage()).isEqualTo("connection refused by tcp://h:1883: Use another server"
                + " (reason code 0x9c): 'full' (server reference 'other:1883')");
        assertThat(e.reasonString()).contains("full");
        assertThat(e.serverReference()).contains("other:1883");
    }

    @Test
    void aRefusalOfVersion5SaysTheBrokerDoesNotSpeakIt() {
        assertThat(new ConnectionRefusedException("tcp://h:1883", ProtocolVersion.MQTT_5, 0x84, null, null))
                .hasMessage("connection refused by tcp://h:1883: Unsupported Protocol Version (reason code 0x84):"
                        + " the broker does not speak MQTT 5.0");
        assertThat(new ConnectionRefusedException("tcp://h:1883", ProtocolVersion.MQTT_5, 1, null, null))
                .hasMessage("connection refused by tcp://h:1883: the broker does not speak MQTT 5.0: it answered"
                        + " with the MQTT 3.1.1 return code 1 (unacceptable protocol version)");
    }

    @Test
    void underMqtt311TheVersionedConstructorSaysWhatTheOldOneSays() {
        assertThat(new ConnectionRefusedException("tcp://h:1883", ProtocolVersion.MQTT_3_1_1, 4, null, null))
                .hasMessage(new ConnectionRefusedException("tcp://h:1883", 4).getMessage());
    }
}
