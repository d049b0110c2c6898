package dev.daemonset.operator.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every object in deploy/*.yaml, parsed into fabric8's typed model in the order kubectl applies them. */
public final class DeployManifests {
    public static final Path DIR = Path.of("deploy");

    private final List<HasMetadata> objects;

    private DeployManifests(List<HasMetadata> objects) {
        this.objects = objects;
    }

    public static DeployManifests load() {
        List<HasMetadata> all = new ArrayList<>();
        try (KubernetesClient offline =
                        new KubernetesClientBuilder().withConfig(Config.empty()).build();
                Stream<Path> files = Files.list(DIR)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    all.addAll(offline.load(in).items());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DeployManifests(List.copyOf(all));
    }

    public List<HasMetadata> all() {
        return objects;
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " in " + DIR + ", found " + found.size());
        }
        return found.get(0);
    }
}
