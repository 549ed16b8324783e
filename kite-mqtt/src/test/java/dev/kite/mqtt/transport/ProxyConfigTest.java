package dev.kite.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {
    @Test
    void parsesSchemesAndCredentials() {
        ProxyConfig p = ProxyConfig.parse("socks5h://u%40x:p%3Ass@proxy.example:1081");
        assertThat(p.type()).isEqualTo(ProxyConfig.Type.SOCKS5);
        assertThat(p.remoteDns()).isTrue();
        assertThat(p.username()).isEqualTo("u@x");
        assertThat(p.password()).containsExactly('p', ':', 's', 's');
        assertThat(p.port()).isEqualTo(1081);
        assertThat(ProxyConfig.parse("socks5://h").port()).isEqualTo(1080);
        assertThat(ProxyConfig.parse("http://h:3128").type()).isEqualTo(ProxyConfig.Type.HTTP);
    }

    @Test
    void credentialsNeverShow() {
        ProxyConfig p = ProxyConfig.parse("http://user:hunter2@h:3128");
        assertThat(p.toString()).doesNotContain("hunter2").doesNotContain("user").contains("****@h:3128");
        assertThatThrownBy(() -> ProxyConfig.parse("ftp://user:hunter2@h:21"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2")
                .hasMessageContaining("socks5, socks5h, http");
        assertThatThrownBy(() -> ProxyConfig.parse("socks5://user:hun ter2@h"))
                .hasMessageNotContaining("hun ter2");
    }

    @Test
    void environmentLikeGolang() {
        assertThat(ProxyConfig.fromEnvironment(Map.of())).isSameAs(ProxyConfig.NONE);
        assertThat(ProxyConfig.fromEnvironment(Map.of("ALL_PROXY", "socks5://h:1"))).isEqualTo(ProxyConfig.socks5("h", 1));
        ProxyConfig p = ProxyConfig.fromEnvironment(Map.of("all_proxy", "socks5://h:1",
                "no_proxy", "localhost, .corp.example, *.lan, 10.0.0.0/8, 192.168.1.7"));
        assertThat(p.appliesTo("localhost")).isFalse();
        assertThat(p.appliesTo("a.corp.example")).isFalse();
        assertThat(p.appliesTo("corp.example")).isFalse();
        assertThat(p.appliesTo("box.lan")).isFalse();
        assertThat(p.appliesTo("10.2.3.4")).isFalse();
        assertThat(p.appliesTo("192.168.1.7")).isFalse();
        assertThat(p.appliesTo("192.168.1.8")).isTrue();
        assertThat(p.appliesTo("broker.example")).isTrue();
        assertThat(ProxyConfig.fromEnvironment(Map.of("all_proxy", "socks5://h:1", "NO_PROXY", "*"))
                .appliesTo("anything")).isFalse();
        assertThat(ProxyConfig.NONE.appliesTo("x")).isFalse();
    }

    @Test
    void badValuesThrowNamingTheRule() {
        assertThatThrownBy(() -> ProxyConfig.socks5("h", 0)).hasMessageContaining("port 0");
        assertThatThrownBy(() -> ProxyConfig.http(" ", 80)).hasMessageContaining("host");
        assertThatThrownBy(() -> ProxyConfig.fromEnvironment(Map.of("all_proxy", "gopher://h")))
                .hasMessageStartingWith("all_proxy:");
    }
}
