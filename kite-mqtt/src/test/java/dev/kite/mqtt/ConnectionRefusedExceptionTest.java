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
}
