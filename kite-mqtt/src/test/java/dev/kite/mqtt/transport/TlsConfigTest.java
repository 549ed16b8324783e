package dev.kite.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigTest {
    @TempDir
    Path dir;

    private Path emptyPkcs12(char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        Path file = dir.resolve("client.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
        return file;
    }

    @Test
    void thePkcs12PasswordIsCopiedAndTheCopyClearedByBuild() throws Exception {
        char[] password = "p12-S3cret".toCharArray();
        TlsConfig.Builder builder = TlsConfig.builder().clientPkcs12(emptyPkcs12(password), password);

        assertThat(builder.build()).isNotNull();

        assertThat(password).as("the caller's array is the caller's").containsExactly("p12-S3cret".toCharArray());
        assertThatThrownBy(builder::build).as("the builder no longer holds the password")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clientPkcs12")
                .hasMessageNotContaining("p12-S3cret");
    }
}
