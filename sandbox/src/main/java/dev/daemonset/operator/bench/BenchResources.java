package dev.daemonset.operator.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The object shapes the benchmark creates, kept as YAML beside it. */
final class BenchResources {
    private BenchResources() {}

    static <T> T load(String name, Class<T> type) {
        try (InputStream in = BenchResources.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /bench/" + name);
            }
            return Serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
